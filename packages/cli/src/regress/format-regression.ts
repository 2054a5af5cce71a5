import { ansiPainter } from "@tollgate/release/ansi";
import {
  regressionExitCode,
  unreviewedCount,
  type RegressionReport,
  type RuleChange,
} from "./regression-report.js";

/** What the report is about, beyond its findings. */
export interface RegressionContext {
  /** The baseline file. */
  readonly baseline: string;
  /** The shard, when the run was one (`2/4`). */
  readonly shard?: string;
  /** How many shards were merged, for `--merge`. */
  readonly mergedShards?: number;
  /** Whether the baseline was rewritten (`--update`). */
  readonly updated: boolean;
  /** Informational notes (e.g. the baseline was made from other inputs). */
  readonly notes: readonly string[];
  /** The command that accepts the changes. */
  readonly updateCommand: string;
  /** Use ANSI colours. */
  readonly color?: boolean;
}

const MESSAGES_SHOWN = 3;
const RULES_SHOWN = 6;

/**
 * The report for people: counts, then each change with its resource and rule (and the new
 * messages of a newly denying rule), then what to do.
 *
 * @param r - the report
 * @param c - the context
 * @returns text
 */
export function formatRegressionText(r: RegressionReport, c: RegressionContext): string {
  const paint = ansiPainter(c.color);
  const where = c.shard ? `, shard ${c.shard}` : c.mergedShards ? `, ${c.mergedShards} shards merged` : "";
  const lines = [
    `tollgate regress: ${r.resources} resources, engine ${r.engine}${where}; baseline ${c.baseline} (${r.baselineResources} resources)`,
  ];
  for (const n of c.notes) lines.push(`note: ${n}`);
  const ruleChanges = (
    title: string,
    label: string,
    code: string,
    list: readonly RuleChange[],
    aside = "",
  ) => {
    if (list.length === 0) return;
    lines.push("", `${paint(code, title)} (${list.length}${aside}):`);
    for (const x of list) {
      lines.push(`  ${paint(code, label)} ${x.rule}  ${x.id}`);
      for (const m of x.messages.slice(0, MESSAGES_SHOWN)) lines.push(`        ${m}`);
      if (x.messages.length > MESSAGES_SHOWN)
        lines.push(`        (${x.messages.length - MESSAGES_SHOWN} more)`);
    }
  };
  ruleChanges("Newly denied", "DENY ", "31", r.newlyDenied);
  ruleChanges("Newly allowed", "ALLOW", "32", r.newlyAllowed);
  const denied = (rules: readonly string[]) =>
    rules.length === 0
      ? "denied by no rule"
      : `denied by ${rules.length}: ${rules.slice(0, RULES_SHOWN).join(", ")}${rules.length > RULES_SHOWN ? ", …" : ""}`;
  if (r.newResources.length > 0) {
    lines.push("", `${paint("33", "New resources")} (${r.newResources.length}):`);
    for (const x of r.newResources) lines.push(`  ${paint("33", "NEW  ")} ${x.id}  (${denied(x.deniedBy)})`);
  }
  if (r.goneResources.length > 0) {
    lines.push("", `${paint("33", "Gone resources")} (${r.goneResources.length}):`);
    for (const x of r.goneResources)
      lines.push(`  ${paint("33", "GONE ")} ${x.id}  (was ${denied(x.deniedBy)})`);
  }
  ruleChanges("Messages changed", "MSG  ", "36", r.messagesChanged, ", informational");
  if (r.rulesAdded.length > 0) lines.push("", `Rules added (informational): ${r.rulesAdded.join(", ")}`);
  if (r.rulesRemoved.length > 0)
    lines.push("", `Rules removed (informational): ${r.rulesRemoved.join(", ")}`);
  if (r.errors.length > 0) {
    lines.push("", `${paint("35", "Errors")} (${r.errors.length}):`);
    for (const e of r.errors) lines.push(`  ${paint("35", "ERROR")} ${e.message}`);
  }
  lines.push(
    "",
    `${r.newlyDenied.length} newly denied, ${r.newlyAllowed.length} newly allowed, ${r.newResources.length} new, ${r.goneResources.length} gone; ` +
      `${r.messagesChanged.length} messages changed; ${r.errors.length} errors`,
  );
  const changes = unreviewedCount(r);
  if (r.errors.length > 0)
    lines.push(paint("35", `FAILED: ${r.errors.length} errors (unusable input or an engine error)`));
  else if (c.updated)
    lines.push(
      `baseline ${c.baseline} written${changes > 0 ? `, accepting ${changes} changes: commit it with the change that caused them` : ", unchanged verdicts"}`,
    );
  else if (changes > 0)
    lines.push(
      paint(
        "31",
        `FAILED: ${changes} unreviewed changes. If they are intended, accept them with \`${c.updateCommand}\` and commit the baseline.`,
      ),
    );
  else lines.push("OK: every verdict matches the baseline");
  return `${lines.join("\n")}\n`;
}

/**
 * The report as one JSON document: the context, the counts, the exit code, then every list of
 * {@link RegressionReport}.
 *
 * @param r - the report
 * @param c - the context
 * @returns JSON text
 */
export function formatRegressionJson(r: RegressionReport, c: RegressionContext): string {
  const summary = {
    resources: r.resources,
    baselineResources: r.baselineResources,
    newlyDenied: r.newlyDenied.length,
    newlyAllowed: r.newlyAllowed.length,
    newResources: r.newResources.length,
    goneResources: r.goneResources.length,
    messagesChanged: r.messagesChanged.length,
    errors: r.errors.length,
  };
  const exitCode = c.updated && r.errors.length === 0 ? 0 : regressionExitCode(r);
  return `${JSON.stringify({ baseline: c.baseline, ...(c.shard ? { shard: c.shard } : {}), updated: c.updated, exitCode, notes: c.notes, summary, ...r }, null, 2)}\n`;
}
