import type { RuleIR } from "@tollgate/rule-dsl";
import { checkRuleOnKind, enginesForRule, type KindOutcome, type PropertyOptions } from "./property-check.js";

/** A rule and kind with both verdicts seen, or which one is missing. */
export interface WitnessOutcome {
  readonly rule: string;
  readonly kind: string;
  readonly denied: number;
  readonly allowed: number;
  /** Parameters the witnesses were found with: the defaults, or a denied example's. */
  readonly params: "defaults" | Readonly<Record<string, unknown>>;
  readonly ok: boolean;
}

/**
 * The witnesses of one rule and kind: a deny and an allow among the samples. A rule whose
 * defaults never deny (a Gatekeeper template whose default Constraint checks nothing, such as
 * an fsGroup rule of RunAsAny) is tried once more with the parameters of its denied examples.
 *
 * @param rule - the rule
 * @param outcome - the property check's outcome with default parameters
 * @param options - seed and runs
 * @returns the witness outcome
 */
export async function witnessesOf(
  rule: RuleIR,
  outcome: KindOutcome,
  options: PropertyOptions,
): Promise<WitnessOutcome> {
  const base = { rule: outcome.rule, kind: outcome.kind };
  if (outcome.denied > 0 && outcome.allowed > 0)
    return { ...base, denied: outcome.denied, allowed: outcome.allowed, params: "defaults", ok: true };
  for (const example of rule.examples.denied) {
    if (!example.params) continue;
    const withParams: RuleIR = {
      ...rule,
      params: Object.fromEntries(
        Object.entries(rule.params).map(([k, p]) => [k, { ...p, default: example.params?.[k] ?? p.default }]),
      ),
    };
    const again = checkRuleOnKind(withParams, outcome.kind, await enginesForRule(withParams), options);
    if (again.denied > 0 && again.allowed > 0 && !again.disagreement)
      return { ...base, denied: again.denied, allowed: again.allowed, params: example.params, ok: true };
  }
  return { ...base, denied: outcome.denied, allowed: outcome.allowed, params: "defaults", ok: false };
}
