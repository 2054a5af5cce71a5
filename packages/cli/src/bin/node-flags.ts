import { SEMI_SPACE_MB } from "../eval/heap-settings.js";

/**
 * The V8 flags a command runs best with: `eval` and `regress` run with larger young-generation
 * semi-spaces ({@link SEMI_SPACE_MB}). These flags only take effect at start-up, hence a re-run
 * of the command.
 *
 * @param args - the command line after `tollgate`
 * @param execArgv - the flags this process was started with
 * @param env - the environment (`TOLLGATE_NODE_FLAGS=0` turns the re-run off)
 * @returns the flags to re-run with, or none when this process already has them
 */
export function nodeFlagsFor(args: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  if (env["TOLLGATE_NODE_FLAGS"] === "0") return [];
  if (args[0] !== "eval" && args[0] !== "regress") return [];
  if (args.includes("--help") || args.includes("-h")) return [];
  if (execArgv.some((a) => a.startsWith("--max-semi-space-size"))) return [];
  return [`--max-semi-space-size=${SEMI_SPACE_MB}`];
}
