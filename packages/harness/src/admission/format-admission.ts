import { yamlText } from "@tollgate/artifacts";
import { toolSpec } from "@tollgate/toolchain";
import type { AdmissionDisagreement, AdmissionReport } from "./run-admission.js";

function describe(d: AdmissionDisagreement): string {
  const got =
    d.got.kind === "allowed"
      ? "admitted it"
      : d.got.kind === "denied"
        ? `denied it: ${d.got.message}`
        : `answered with an error: ${d.got.message}`;
  return [
    `admission disagrees with the oracle on rule ${d.rule} (${d.instance}) at ${d.target}, ${d.operation} of ${d.source}:`,
    `  the oracle says ${d.expected}; the cluster ${got}`,
    "object (shrunk, as the API server judged it):",
    "```yaml",
    yamlText(d.object).trimEnd(),
    "```",
  ].join("\n");
}

/**
 * The admission part of the harness summary: per target, policies installed, requests judged,
 * denials, disagreements (each with the rule, the operation, what the cluster said and the
 * shrunk object) and policies the cluster refused.
 *
 * @param report - the admission report
 * @returns lines of text, without a trailing newline
 */
export function formatAdmissionSummary(report: AdmissionReport): string {
  const versions = `kube-apiserver ${toolSpec("kube-apiserver").version}, Gatekeeper ${toolSpec("gatekeeper").version}, Kyverno ${toolSpec("kyverno-admission").version}`;
  const lines = [
    `admission on a real control plane (${versions}): ${report.cases} objects, each as CREATE and as UPDATE of a stored copy (a Pod with ephemeral containers as kubectl debug adds them, an UPDATE of pods/ephemeralcontainers), by server-side dry run; cluster and webhooks up in ${report.startSeconds.toFixed(0)} s, ${report.seconds.toFixed(0)} s in all:`,
  ];
  for (const t of report.targets) {
    lines.push(
      `  ${(t.engine ? `${t.target} (${t.engine === "cel" ? "CEL" : "Rego"})` : t.target).padEnd(17)} ${t.policies} policies, ${t.judged} requests judged (${t.denied} denied, ${t.allowed} admitted), ${t.disagreements.length} disagreements with the oracle, ${t.rejections.length} policies refused${t.neverEnforced.length ? `, never enforced: ${t.neverEnforced.join(", ")}` : ""}; denial messages name the oracle's field: ${t.messageMismatches.length === 0 ? "all" : `${t.messageMismatches.length} do not`}`,
    );
    for (const r of t.rejections) lines.push(`    REFUSED ${r.object} (${r.rule}): ${r.message}`);
    for (const m of t.messageMismatches)
      lines.push(
        `    MESSAGE ${m.rule}: printed ${JSON.stringify(m.printed)}; the oracle says ${JSON.stringify(m.oracle)}`,
      );
  }
  if (report.invalid > 0) {
    lines.push(
      `  ${report.invalid} examples are objects the API server refuses before any policy runs (not judged):`,
      ...report.invalidSamples.map((s) => `    ${s.source}: ${s.message}`),
    );
  }
  if (report.unserved > 0)
    lines.push(`  ${report.unserved} objects of kinds the API server does not serve (not judged)`);
  for (const t of report.targets) for (const d of t.disagreements.slice(0, 5)) lines.push("", describe(d));
  return lines.join("\n");
}
