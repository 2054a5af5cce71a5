import { parseArgs } from "node:util";
import { installTools, TOOLS, toolsCacheDir } from "@tollgate/toolchain";

/** Usage of `tollgate install-tools`. */
export const INSTALL_TOOLS_USAGE = [
  "usage: tollgate install-tools [TOOL...]",
  "",
  `Installs the pinned engines and tools (${TOOLS.map((t) => t.name).join(", ")}), or the ones`,
  `named, into the versioned cache (${toolsCacheDir()}): Go builds them from the module proxy,`,
  "the registry comes from Debian. A tool already there (or on PATH at its pinned version) is",
  "skipped, so a second run returns at once. The first build of every tool takes a while",
  "(kyverno alone several minutes on two cores).",
  "",
  "Exit 0 when every tool is installed, 1 when one failed (named with its command and error).",
].join("\n");

/**
 * Runs `tollgate install-tools`.
 *
 * @param args - the arguments after `install-tools`
 * @returns the exit code
 */
export async function runInstallTools(args: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
  const failed = await installTools(positionals, (line) => process.stderr.write(`[tools] ${line}\n`));
  return failed > 0 ? 1 : 0;
}
