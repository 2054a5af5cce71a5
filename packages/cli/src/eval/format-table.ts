import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalReport, EvalResult, ResourceRef } from "./eval-result.js";
import { writeAll } from "./format-json.js";
import type { ReportWriter } from "./report-writer.js";

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
 * A streaming writer of the report for people (see {@link formatTable}): each resource's
 * failures are written as its results come, the errors and the summary at the end.
 *
 * @param write - where the text goes
 * @param rules - the rules (for their remediation)
 * @param options - verbosity and colour
 * @returns the writer
 */
export function createTableWriter(write: (text: string | Uint8Array) => void, rules: readonly RuleIR[], options: TableOptions = {}): ReportWriter {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const fix = new Map(rules.map((r) => [r.meta.id, r.meta.remediation]));
  const counts = { fail: 0, pass: 0, skip: 0, error: 0, checks: 0, resources: 0 };
  let last: string | undefined;
  return {
    start: () => undefined,
    results: (rs) => {
      // The results of one resource arrive together (a document's, in order).
      let group: EvalResult[] = [];
      const show = () => {
        const shown = group.filter((r) => options.verbose || r.verdict === "fail" || r.verdict === "error");
        const resource = shown[0]?.resource;
        group = [];
        if (!resource) return;
        const ns = resource.namespace ? `${resource.namespace}/` : "";
        const lines = [`${paint("1", `${resource.kind} ${ns}${resource.name}`)}  ${paint("2", where(resource))}`];
        for (const r of shown) {
          const label = r.verdict === "fail" ? paint("31", "FAIL ") : r.verdict === "error" ? paint("35", "ERROR") : r.verdict === "pass" ? paint("32", "pass ") : paint("2", "skip ");
          lines.push(`  ${label} ${r.rule} [${r.engine}]`);
          for (const m of r.messages) lines.push(`        ${m}`);
          if (r.verdict === "fail" && fix.get(r.rule)) lines.push(`        ${paint("36", "fix:")} ${fix.get(r.rule)}`);
        }
        write(`${lines.join("\n")}\n\n`);
      };
      for (const r of rs) {
        counts.checks += 1;
        if (r.verdict in counts) counts[r.verdict as "fail" | "pass" | "skip" | "error"] += 1;
        const key = `${r.resource.file}\u0000${r.resource.document}\u0000${r.resource.item ?? ""}`;
        if (key !== last) {
          show();
          last = key;
          counts.resources += 1;
        }
        group.push(r);
      }
      show();
    },
    rendered: () => {
      throw new Error("the table is written in the calling thread");
    },
    end: (errors) => {
      const lines: string[] = [];
      for (const e of errors) lines.push(`${paint("35", "error")} ${e.message}`);
      if (errors.length > 0) lines.push("");
      lines.push(
        `${counts.resources} resources, ${counts.checks} checks: ${paint("31", `${counts.fail} failed`)}, ${counts.pass} passed, ${counts.skip} skipped, ${counts.error + errors.length} errors`,
      );
      write(`${lines.join("\n")}\n`);
    },
  };
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
  return writeAll(report, (write) => createTableWriter(write, rules, options));
}
