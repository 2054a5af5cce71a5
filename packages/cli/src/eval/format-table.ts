import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalReport, EvalResult, ResourceRef } from "./eval-result.js";

/** Options of the human-readable report. */
export interface TableOptions {
  /** Also list passing and skipped rules. */
  readonly verbose?: boolean;
  /** Use ANSI colours. */
  readonly color?: boolean;
}

function where(r: ResourceRef): string {
  const item = r.item !== undefined ? `.items[${r.item}]` : "";
  return `${r.file === "-" ? "<stdin>" : r.file}#${r.document}${item}:${r.line}`;
}

/**
 * The report for people: failures grouped by resource, each with the failing field, the
 * message and the fix; then errors; then a summary line.
 *
 * @param report - the run
 * @param rules - the rules (for their remediation)
 * @param options - verbosity and colour
 * @returns text
 */
export function formatTable(report: EvalReport, rules: readonly RuleIR[], options: TableOptions = {}): string {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const fix = new Map(rules.map((r) => [r.meta.id, r.meta.remediation]));
  const byResource = new Map<string, { resource: ResourceRef; results: EvalResult[] }>();
  for (const r of report.results) {
    const key = `${r.resource.file}\u0000${r.resource.document}\u0000${r.resource.item ?? ""}`;
    const entry = byResource.get(key) ?? { resource: r.resource, results: [] };
    entry.results.push(r);
    byResource.set(key, entry);
  }
  const lines: string[] = [];
  for (const { resource, results } of byResource.values()) {
    const shown = results.filter((r) => options.verbose || r.verdict === "fail" || r.verdict === "error");
    if (shown.length === 0) continue;
    const ns = resource.namespace ? `${resource.namespace}/` : "";
    lines.push(`${paint("1", `${resource.kind} ${ns}${resource.name}`)}  ${paint("2", where(resource))}`);
    for (const r of shown) {
      const label = r.verdict === "fail" ? paint("31", "FAIL ") : r.verdict === "error" ? paint("35", "ERROR") : r.verdict === "pass" ? paint("32", "pass ") : paint("2", "skip ");
      lines.push(`  ${label} ${r.rule} [${r.engine}]`);
      for (const m of r.messages) lines.push(`        ${m}`);
      if (r.verdict === "fail" && fix.get(r.rule)) lines.push(`        ${paint("36", "fix:")} ${fix.get(r.rule)}`);
    }
    lines.push("");
  }
  for (const e of report.errors) lines.push(`${paint("35", "error")} ${e.message}`);
  if (report.errors.length > 0) lines.push("");
  const resources = byResource.size;
  const count = (v: string) => report.results.filter((r) => r.verdict === v).length;
  lines.push(
    `${resources} resources, ${report.results.length} checks: ${paint("31", `${count("fail")} failed`)}, ${count("pass")} passed, ${count("skip")} skipped, ${count("error") + report.errors.length} errors`,
  );
  return `${lines.join("\n")}\n`;
}
