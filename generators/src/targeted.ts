import type fc from "fast-check";
import type { RuleIR } from "@tollgate/rule-dsl";
import { biasFromRule } from "./bias.js";
import { generatedKindInfo } from "./kinds.js";
import { manifestArbitrary } from "./manifests.js";

/**
 * Valid manifests of a kind, biased towards one rule: the fields the rule reads hold the rule's
 * literals, their near misses, `null` or nothing, so that both verdicts and the boundary cases
 * come up often.
 *
 * @param rule - the rule
 * @param kind - a kind name such as `Deployment` (one of {@link GENERATED_KINDS})
 * @returns an arbitrary of manifests
 * @throws Error when the kind is not one the generators produce
 */
export function ruleTargetedArbitrary(rule: RuleIR, kind: string): fc.Arbitrary<Record<string, unknown>> {
  const info = generatedKindInfo(kind);
  return manifestArbitrary(info.kind, { bias: biasFromRule(rule) });
}
