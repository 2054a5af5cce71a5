import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SEMI_SPACE_MB } from "../eval/heap-settings.js";

/**
 * Input smaller than this is evaluated in the first process: re-running node costs more (about
 * a tenth of a second) than the larger semi-spaces save on so few objects.
 */
export const SMALL_INPUT_BYTES = 1024 * 1024;

/**
 * The V8 flags a command runs best with: `eval` and `regress` on more than a little input run
 * with larger young-generation semi-spaces ({@link SEMI_SPACE_MB}). These flags only take effect
 * at start-up, hence a re-run of the command.
 *
 * @param args - the command line after `tollgate`
 * @param execArgv - the flags this process was started with
 * @param env - the environment (`TOLLGATE_NODE_FLAGS=0` turns the re-run off)
 * @param inputBytes - measures the command's input (default: the files and folders named on the
 *   command line; standard input and a regression corpus count as large)
 * @returns the flags to re-run with, or none when this process already has them or needs none
 */
export function nodeFlagsFor(
  args: readonly string[],
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
  inputBytes: (args: readonly string[]) => number = inputSize,
): string[] {
  if (env["TOLLGATE_NODE_FLAGS"] === "0") return [];
  if (args[0] !== "eval" && args[0] !== "regress") return [];
  if (args.includes("--help") || args.includes("-h")) return [];
  if (execArgv.some((a) => a.startsWith("--max-semi-space-size"))) return [];
  if (args[0] === "eval" && inputBytes(args.slice(1)) < SMALL_INPUT_BYTES) return [];
  return [`--max-semi-space-size=${SEMI_SPACE_MB}`];
}

/**
 * The bytes of the files and folders among `eval`'s arguments, counted until the limit is
 * passed (so a large folder is not walked whole); standard input counts as large.
 */
function inputSize(args: readonly string[]): number {
  let total = 0;
  const visit = (path: string): void => {
    if (total >= SMALL_INPUT_BYTES) return;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an option's value, or a path eval will report
    }
    if (stat.isDirectory()) {
      let entries: string[] = [];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      for (const e of entries) visit(join(path, e));
    } else {
      total += stat.size;
    }
  };
  for (const a of args) {
    if (a === "-") return Number.POSITIVE_INFINITY;
    if (!a.startsWith("-")) visit(a);
  }
  return total;
}
