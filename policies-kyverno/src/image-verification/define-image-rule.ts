import type { Json, ParamIR } from "@tollgate/rule-dsl";
import {
  imagePolicyOf,
  SIGNER_PARAMETERS,
  signersOf,
  type ImagePolicyBody,
  type ImagePolicyHeader,
  type Signers,
} from "./image-policy-frame.js";
import type { KyvernoImageRule } from "./kyverno-image-rule.js";
import { resolveParameters } from "./rule-parameters.js";

/** A rule's metadata, its own parameters (the signer parameters are added) and how it builds its checks. */
export interface ImageRuleDefinition extends Omit<KyvernoImageRule, "policyOf" | "parameters"> {
  readonly parameters: Readonly<Record<string, ParamIR>>;
  /** Prefix of its attestor names when it shares a policy with other rules. */
  readonly attestorPrefix: string;
  readonly body: (values: Readonly<Record<string, Json>>, signers: Signers) => ImagePolicyBody;
}

/** A rule's checks for given parameters: what a policy (its own, or a combined one) is made of. */
export interface ImageRuleParts {
  readonly values: Readonly<Record<string, Json>>;
  readonly signers: Signers;
  readonly body: ImagePolicyBody;
}

const definitions = new WeakMap<KyvernoImageRule, ImageRuleDefinition>();

/**
 * The metadata of a rule as a policy header.
 *
 * @param rule - the rule
 * @returns the header
 */
export function headerOf(
  rule: Omit<KyvernoImageRule, "policyOf" | "parameters" | "examples">,
): ImagePolicyHeader {
  return {
    id: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    subject: rule.subject,
    description: rule.description,
    gate: String(rule.gate),
  };
}

/**
 * Turns a definition into a {@link KyvernoImageRule}: the signer parameters are added to the
 * rule's own, and `policyOf` resolves and checks the parameters before building the policy.
 *
 * @param def - the definition
 * @returns the rule
 */
export function defineImageRule(def: ImageRuleDefinition): KyvernoImageRule {
  const { body: _body, attestorPrefix: _prefix, parameters: own, ...meta } = def;
  const rule: KyvernoImageRule = {
    ...meta,
    parameters: { ...SIGNER_PARAMETERS, ...own },
    policyOf(params = {}, options = {}) {
      const parts = imageRulePartsOf(rule, params, false);
      return imagePolicyOf(headerOf(meta), parts.values, parts.signers, parts.body, options);
    },
  };
  definitions.set(rule, def);
  return rule;
}

/**
 * A rule's resolved parameters, attestors and checks.
 *
 * @param rule - a rule made by {@link defineImageRule}
 * @param params - parameter overrides
 * @param prefixAttestors - name the attestors with the rule's prefix (for a combined policy)
 * @returns the parts
 */
export function imageRulePartsOf(
  rule: KyvernoImageRule,
  params: Readonly<Record<string, unknown>>,
  prefixAttestors: boolean,
): ImageRuleParts {
  const def = definitions.get(rule);
  if (!def) throw new Error(`${rule.id} is not an image rule made by defineImageRule`);
  const values = resolveParameters(rule.id, rule.parameters, params);
  const signers = signersOf(rule.id, values, prefixAttestors ? def.attestorPrefix : "");
  return { values, signers, body: def.body(values, signers) };
}
