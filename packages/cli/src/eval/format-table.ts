import { ansiPainter } from "@tollgate/release/ansi";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalResult, ResourceRef } from "./eval-result.js";
import { ByteParts } from "./byte-parts.js";
import { NestedCache } from "./nested-cache.js";
import type { RenderedResults, ReportWriter } from "./report-writer.js";

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

/** The key of a result's document: results of one document are grouped under one heading. */
function documentKey(r: ResourceRef): string {
  return `${r.file}\u0000${r.document}\u0000${r.item ?? ""}`;
}

/**
 * Renders results as the table's resource blocks (see {@link createTableWriter}), on any
 * thread: the text, and the tally of verdicts and resources for the summary line.
 *
 * @param rules - the rules (for their remediation)
 * @param options - verbosity and colour
 * @returns the renderer
 */
export function tableResultRenderer(
  rules: readonly RuleIR[],
  options: TableOptions = {},
): (results: readonly EvalResult[]) => RenderedResults {
  const paint = ansiPainter(options.color);
  // The fix under a failed rule, and each rule's heading line, made once.
  // Rendered as UTF-8 bytes from pieces encoded once (each rule's heading per verdict and engine,
  // its fix) rather than as one string per block: V8 stores a whole string two bytes per
  // character as soon as one character is outside Latin-1 (a fix's `…`, a name in the data), and
  // such a string is far slower to encode to UTF-8 than bytes are to copy.
  const fixLines = new Map(
    rules
      .filter((r) => r.meta.remediation)
      .map((r) => [r.meta.id, Buffer.from(`        ${paint("36", "fix:")} ${r.meta.remediation}\n`)]),
  );
  const labels: Record<string, string> = {
    fail: paint("31", "FAIL "),
    error: paint("35", "ERROR"),
    pass: paint("32", "pass "),
    skip: paint("2", "skip "),
  };
  const headings = new NestedCache<Uint8Array>();
  const heading = (r: EvalResult): Uint8Array =>
    headings.get(r.verdict, r.rule, r.engine, () =>
      Buffer.from(`  ${labels[r.verdict] ?? labels["skip"]} ${r.rule} [${r.engine}]\n`),
    );
  const newline = Buffer.from("\n");
  const block = (group: readonly EvalResult[], parts: ByteParts): void => {
    const shown = group.filter((r) => options.verbose || r.verdict === "fail" || r.verdict === "error");
    const resource = shown[0]?.resource;
    if (!resource) return;
    const ns = resource.namespace ? `${resource.namespace}/` : "";
    parts.addText(
      `${paint("1", `${resource.kind} ${ns}${resource.name}`)}  ${paint("2", where(resource))}\n`,
    );
    for (const r of shown) {
      parts.add(heading(r));
      if (r.messages.length > 0) {
        let text = "";
        for (const m of r.messages) text += `        ${m}\n`;
        parts.addText(text);
      }
      const fix = r.verdict === "fail" ? fixLines.get(r.rule) : undefined;
      if (fix) parts.add(fix);
    }
    parts.add(newline);
  };
  // The last batch's size: the next one reserves about as much.
  let lastSize = 1024;
  return (rs) => {
    const tally = { fail: 0, pass: 0, skip: 0, error: 0, resources: 0 };
    const parts = new ByteParts(lastSize * 1.25);
    let start = 0;
    let key: string | undefined;
    let resource: ResourceRef | undefined;
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i]!;
      if (r.verdict in tally) tally[r.verdict as "fail" | "pass" | "skip" | "error"] += 1;
      // A document's results share one resource object: its key is made when that changes.
      if (r.resource === resource) continue;
      resource = r.resource;
      const k = documentKey(r.resource);
      if (k === key) continue;
      if (i > 0) block(rs.slice(start, i), parts);
      start = i;
      key = k;
      tally.resources += 1;
    }
    if (rs.length > 0) block(start === 0 ? rs : rs.slice(start), parts);
    lastSize = Math.max(parts.length, 64);
    return { text: parts.length === 0 ? "" : parts.bytes(), items: rs.length, tally };
  };
}

/**
 * A streaming writer of the report for people: failures grouped by resource, each with the
 * failing field, the message and the fix; then errors; then a summary line. Each resource's
 * failures are written as its results come (or as a thread rendered them), the errors and the
 * summary at the end.
 *
 * @param write - where the text goes
 * @param rules - the rules (for their remediation)
 * @param options - verbosity and colour
 * @returns the writer
 */
export function createTableWriter(
  write: (text: string | Uint8Array) => void,
  rules: readonly RuleIR[],
  options: TableOptions = {},
): ReportWriter {
  const paint = ansiPainter(options.color);
  const render = tableResultRenderer(rules, options);
  const counts = { fail: 0, pass: 0, skip: 0, error: 0, checks: 0, resources: 0 };
  // The last document written: a document whose results come in two calls is one resource.
  let last: string | undefined;
  const add = (r: RenderedResults, firstKey: string | undefined, lastKey: string | undefined): void => {
    const tally = r.tally ?? { fail: 0, pass: 0, skip: 0, error: 0, resources: 0 };
    counts.fail += tally.fail;
    counts.pass += tally.pass;
    counts.skip += tally.skip;
    counts.error += tally.error;
    counts.checks += r.items;
    counts.resources += tally.resources - (firstKey !== undefined && firstKey === last ? 1 : 0);
    if (lastKey !== undefined) last = lastKey;
    if (typeof r.text !== "string" || r.text !== "") write(r.text);
  };
  return {
    start: () => undefined,
    results: (rs) => {
      const first = rs[0];
      const final = rs[rs.length - 1];
      add(render(rs), first && documentKey(first.resource), final && documentKey(final.resource));
    },
    // Rendered in a thread: one document's results, never the continuation of another's.
    rendered: (r) => add(r, undefined, undefined),
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
