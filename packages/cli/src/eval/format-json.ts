import type { EvalReport } from "./eval-result.js";

/**
 * The `-o json` document of the CLI contract: `{"results": [...], "errors": [...]}`.
 *
 * @param report - the run
 * @returns JSON text with a trailing newline
 */
export function formatJson(report: EvalReport): string {
  return `${JSON.stringify(
    {
      results: report.results.map((r) => ({ resource: r.resource, rule: r.rule, engine: r.engine, verdict: r.verdict, messages: r.messages })),
      errors: report.errors,
    },
    null,
    2,
  )}\n`;
}
