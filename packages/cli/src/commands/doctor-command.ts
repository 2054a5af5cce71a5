import { parseArgs } from "node:util";
import { projectLines } from "./doctor-project.js";
import { runDoctor } from "./doctor.js";

/** Usage of `tollgate doctor`. */
export const DOCTOR_USAGE = [
  "usage: tollgate doctor [--config FILE]",
  "",
  "Checks Node, Go and the pinned engines (opa, gator, kyverno, cosign, oras, docker-registry),",
  "then the project: its configuration, its rule folders and libraries, and any rule that does",
  "not load (named with its file).",
  "Exit 0 when all tools are present at their pinned versions and every rule loads, 1 otherwise",
  "(then 'tollgate install-tools' installs the tools).",
].join("\n");

/**
 * Runs `tollgate doctor`.
 *
 * @param args - the arguments after `doctor`
 * @returns the exit code
 */
export async function runDoctorCommand(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { config: { type: "string" } }, strict: true });
  const report = await runDoctor();
  const project = await projectLines(values.config);
  process.stdout.write(`${[...report.lines, "", ...project.lines].join("\n")}\n`);
  return report.exitCode === 0 && project.ok ? 0 : 1;
}
