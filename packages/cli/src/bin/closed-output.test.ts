import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLOSED_OUTPUT_EXIT } from "./closed-output.js";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");

describe("a reader that stops reading (tollgate eval … | head)", () => {
  it("ends tollgate quietly with the status of a tool killed by SIGPIPE", async () => {
    const pods = Array.from(
      { length: 3000 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: shop}\nspec: {hostNetwork: true, containers: [{name: a, image: nginx}]}\n`,
    ).join("---\n");
    const child = spawn(process.execPath, [bin, "eval", "--workers", "0", "-"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    let received = 0;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      received += d.length;
      // The first output read: the reader goes away.
      child.stdout.destroy();
    });
    child.stdin.end(pods);
    const status = await new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    expect(received).toBeGreaterThan(0);
    expect(status).toBe(CLOSED_OUTPUT_EXIT);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
  }, 60_000);
});
