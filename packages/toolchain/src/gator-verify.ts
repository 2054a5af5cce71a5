import { requireTool } from "./require-tool.js";
import { runCommand } from "./run-command.js";

/** What `gator verify` said about a suite folder. */
export interface GatorVerifyReport {
  /** Exit code 0 and no failing case. */
  readonly ok: boolean;
  /** Cases that ran and passed (from the verbose output). */
  readonly passedCases: number;
  /** Cases that failed. */
  readonly failedCases: number;
  /** Everything gator printed. */
  readonly output: string;
}

/** Which of a ConstraintTemplate's engines gator runs: its Rego, or its K8sNativeValidation CEL. */
export type GatorEngine = "rego" | "cel";

/**
 * Runs the real `gator verify -v` on a suite folder and counts the cases it reports. Our
 * templates carry both of Gatekeeper's engines: with `rego`, K8sNativeValidation is off and the
 * Rego runs; with `cel`, it is on (Gatekeeper's default) and the CEL runs.
 *
 * @param dir - the folder holding `suite.yaml`
 * @param engine - which engine of the templates runs (default `rego`)
 * @param timeoutMs - how long it may run (default an hour: a large generated batch is slow)
 * @returns the report
 */
export async function runGatorVerify(
  dir: string,
  engine: GatorEngine = "rego",
  timeoutMs = 60 * 60_000,
): Promise<GatorVerifyReport> {
  const gator = await requireTool("gator");
  const native = `--enable-k8s-native-validation=${engine === "cel" ? "true" : "false"}`;
  const r = await runCommand(gator, ["verify", "-v", native, dir], {
    timeoutMs,
  });
  const output = r.stdout + r.stderr;
  // Verbose output indents "--- PASS: <case>" under each test; the test's own line is not indented.
  const passedCases = (output.match(/^\s+--- PASS: /gm) ?? []).length;
  const failedCases = (output.match(/--- FAIL/g) ?? []).length;
  return { ok: r.code === 0 && failedCases === 0, passedCases, failedCases, output };
}
