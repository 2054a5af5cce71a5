import { requireTool } from "./require-tool.js";
import { runCommand } from "./run-command.js";

/** One row of a `kyverno test` run. */
export interface KyvernoTestRow {
  /** The policy's name. */
  readonly policy: string;
  /** `apiVersion/Kind/namespace/name` as kyverno prints it. */
  readonly resource: string;
  /** Kyverno's reason: `Ok` when the policy evaluated the resource as expected; `Excluded`, `Want pass, got fail`, … otherwise. */
  readonly reason: string;
  /** Whether kyverno counted the row as a failure. */
  readonly failed: boolean;
}

/** The outcome of {@link runKyvernoTest}. */
export interface KyvernoTestReport {
  /** The `kyverno test` exit code. */
  readonly exitCode: number | null;
  /** Every row. */
  readonly rows: KyvernoTestRow[];
  /** Rows whose reason is not `Ok`, including the `Excluded` rows kyverno itself counts as passing. */
  readonly notOk: KyvernoTestRow[];
  /** True only when kyverno exited 0, produced at least one row, and every row reads `Ok`. */
  readonly allOk: boolean;
  /** Raw output, for failure messages. */
  readonly output: string;
}

/**
 * Parses the JUnit XML that `kyverno test -o junit` prints after its progress lines.
 *
 * @param output - the command's standard output
 * @returns one row per test case
 */
export function parseKyvernoJunit(output: string): KyvernoTestRow[] {
  const rows: KyvernoTestRow[] = [];
  const testcase = /<testcase\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g;
  for (const match of output.matchAll(testcase)) {
    const body = match[2] ?? "";
    const failure = /<failure\s+message="([^"]*)"/.exec(body);
    const reason = failure ? unescapeXml(failure[1] ?? "") : (/Reason:\s*(\S+)/.exec(body)?.[1] ?? "unknown");
    const policy = /Policy:\s*(\S+)/.exec(body)?.[1] ?? "";
    rows.push({ policy, resource: unescapeXml(match[1] ?? ""), reason, failed: failure !== null });
  }
  return rows;
}

/**
 * Runs the real `kyverno test` on a folder and checks every row. Unlike `kyverno test` alone,
 * a row that reads `Excluded` (the policy never evaluated the resource) is not a pass here.
 *
 * @param dir - a folder holding `kyverno-test.yaml`
 * @returns the parsed report
 */
export async function runKyvernoTest(dir: string): Promise<KyvernoTestReport> {
  const kyverno = await requireTool("kyverno");
  const result = await runCommand(kyverno, ["test", dir, "-o", "junit", "--remove-color"], {
    timeoutMs: 60 * 60_000,
  });
  const rows = parseKyvernoJunit(result.stdout);
  const notOk = rows.filter((r) => r.failed || r.reason !== "Ok");
  return {
    exitCode: result.code,
    rows,
    notOk,
    allOk: result.code === 0 && rows.length > 0 && notOk.length === 0,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
