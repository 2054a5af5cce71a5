import { GENERATED_KINDS, type GeneratedKind } from "@tollgate/generators";
import type { RuleIR } from "@tollgate/rule-dsl";

/**
 * The kinds a rule matches that the generators can make.
 *
 * @param rule - the rule
 * @returns kind names
 */
export function generatedKindsOf(rule: RuleIR): GeneratedKind[] {
  return GENERATED_KINDS.filter((g) =>
    rule.match.kinds.some(
      (k) => k.kind === g.kind && (k.group ? `${k.group}/${k.version}` : k.version) === g.apiVersion,
    ),
  ).map((g) => g.kind as GeneratedKind);
}
