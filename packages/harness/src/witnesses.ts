import type { RuleIR } from "@tollgate/rule-dsl";
import {
  checkRuleOnKind,
  enginesForRule,
  type Disagreement,
  type KindOutcome,
  type PropertyOptions,
  type RuleEngines,
} from "./property-check.js";

/** A rule and kind with both verdicts seen, or which one is missing. */
export interface WitnessOutcome {
  readonly rule: string;
  readonly kind: string;
  readonly denied: number;
  readonly allowed: number;
  /** Parameters the witnesses were found with: the defaults, or a denied example's. */
  readonly params: "defaults" | Readonly<Record<string, unknown>>;
  readonly ok: boolean;
  /** A disagreement the retry with an example's parameters found: reported as the main run's are. */
  readonly disagreement?: Disagreement;
}

/**
 * The witnesses of one rule and kind: a deny and an allow among the samples. A rule whose
 * defaults never deny (a Gatekeeper template whose default Constraint checks nothing, such as
 * an fsGroup rule of RunAsAny) is tried once more with the parameters of its denied examples; a
 * disagreement found there is returned, to be reported as the main run's are.
 *
 * @param rule - the rule
 * @param outcome - the property check's outcome with default parameters
 * @param options - seed and runs
 * @param enginesFor - builds the engines of the rule with an example's parameters
 * @returns the witness outcome
 */
export async function witnessesOf(
  rule: RuleIR,
  outcome: KindOutcome,
  options: PropertyOptions,
  enginesFor: (rule: RuleIR) => Promise<RuleEngines> = enginesForRule,
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
    const again = checkRuleOnKind(
      withParams,
      outcome.kind,
      await enginesFor(withParams),
      options,
      "witness retry",
    );
    if (again.disagreement)
      return {
        ...base,
        denied: again.denied,
        allowed: again.allowed,
        params: example.params,
        ok: false,
        disagreement: again.disagreement,
      };
    if (again.denied > 0 && again.allowed > 0)
      return { ...base, denied: again.denied, allowed: again.allowed, params: example.params, ok: true };
  }
  return { ...base, denied: outcome.denied, allowed: outcome.allowed, params: "defaults", ok: false };
}
