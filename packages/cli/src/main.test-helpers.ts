import { vi } from "vitest";
import { main } from "./main.js";

/**
 * Runs the CLI in process, as `tollgate ARGV…` would, and captures what it prints.
 *
 * @param argv - the arguments after `tollgate`
 * @returns the exit code and the captured output
 */
export async function tollgate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi
    .spyOn(process.stdout, "write")
    .mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi
    .spyOn(process.stderr, "write")
    .mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
