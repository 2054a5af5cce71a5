import { COMMANDS } from "./commands/registry.js";
import { TOLLGATE_VERSION } from "./version.js";

/** The version of the `tollgate` command (its package's). */
export const CLI_VERSION = TOLLGATE_VERSION;

/**
 * Runs the `tollgate` command line and returns the process exit code: 0 success, 1 a rule or
 * check failed, 2 unusable input or an internal error (fail closed).
 *
 * @param argv - the arguments after `tollgate`
 * @returns the exit code
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${helpText()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`tollgate ${CLI_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`tollgate: unknown command "${name}"\n\n${helpText()}\n`);
    return 2;
  }
  try {
    const { usage, run } = await command.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return await run(rest);
  } catch (e) {
    process.stderr.write(`tollgate ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

/**
 * The text of `tollgate --help`.
 *
 * @returns the help text
 */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "tollgate: Kubernetes policy as typed TypeScript, compiled to Rego and CEL, proven equal across engines",
    "",
    "usage: tollgate <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'tollgate <command> --help' for a command's options.",
  ].join("\n");
}
