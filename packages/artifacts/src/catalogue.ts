import type { RuleIR } from "@tollgate/rule-dsl";
import { constraintKindOf } from "@tollgate/compiler-rego";
import { TARGETS, type Target, type UnsupportedTarget } from "./rule-artifacts.js";

/** One rule in the machine-readable catalogue. */
export interface CatalogueEntry {
  readonly id: string;
  readonly library: string;
  readonly title: string;
  readonly category: string;
  readonly severity: string;
  readonly gate: number;
  readonly subject: string;
  readonly description: string;
  readonly remediation: string;
  readonly constraintKind: string;
  readonly kinds: string[];
  readonly parameters: Record<string, unknown>;
  readonly targets: Target[];
  readonly docs: string;
}

/**
 * The catalogue entry of a rule.
 *
 * @param rule - the rule
 * @param library - the library it ships in
 * @param unsupported - targets that cannot express it
 * @param docsBaseUrl - where doc pages live
 * @returns the entry
 */
export function catalogueEntryOf(
  rule: RuleIR,
  library: string,
  unsupported: readonly UnsupportedTarget[],
  docsBaseUrl: string,
): CatalogueEntry {
  const missing = new Set(unsupported.filter((u) => u.rule === rule.meta.id).map((u) => u.target));
  return {
    id: rule.meta.id,
    library,
    title: rule.meta.title,
    category: rule.meta.category,
    severity: rule.meta.severity,
    gate: rule.meta.gate,
    subject: rule.meta.subject,
    description: rule.meta.description,
    remediation: rule.meta.remediation,
    constraintKind: constraintKindOf(rule),
    kinds: rule.match.kinds.map((k) => (k.group ? `${k.group}/${k.kind}` : k.kind)),
    parameters: Object.fromEntries(
      Object.entries(rule.params).map(([k, p]) => [k, { ...p.schema, default: p.default }]),
    ),
    targets: TARGETS.filter((t) => !missing.has(t)),
    docs: `${docsBaseUrl}${rule.meta.id}.md`,
  };
}
