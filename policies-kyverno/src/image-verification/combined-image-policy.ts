import { imagePolicyOf, type ImagePolicyBody } from "./image-policy-frame.js";
import { imageRulePartsOf } from "./define-image-rule.js";
import { KYVERNO_IMAGE_RULES } from "./image-rules.js";
import type {
  CosignAttestor,
  ImagePolicyValidation,
  ImageValidatingPolicy,
} from "./image-validating-policy.js";
import type { ImagePolicyOptions, KyvernoImageRule } from "./kyverno-image-rule.js";

/** The name of the policy that carries the four image-verification rules together. */
export const COMBINED_IMAGE_POLICY_ID = "verify-image-supply-chain";

/**
 * Why the combined policy exists: Kyverno 1.19.0 cannot evaluate two ImageValidatingPolicies on
 * the same object. Its per-request image cache (kyverno/sdk `imagedataloader.imageContext.Get`)
 * returns without releasing a read lock when the image is already cached, so the second policy's
 * `AddImages` waits for the write lock forever: the kyverno CLI hangs, and in a cluster the
 * admission request times out and, with `failurePolicy: Fail`, is refused.
 */
export const KYVERNO_1_19_MULTI_POLICY_DEADLOCK =
  "Kyverno 1.19.0 deadlocks when two or more ImageValidatingPolicies match the same object: kyverno/sdk's imagedataloader " +
  "imageContext.Get returns without releasing its read lock when the image is already cached, so the next policy's AddImages " +
  "waits for the write lock forever (the kyverno CLI hangs; in a cluster the admission request times out and is refused). " +
  "Deploy only one of the image-verification rules (verify-image-signature, require-sbom-attestation, require-slsa-provenance, require-vuln-scan-no-critical), or the combined policy verify-image-supply-chain, which carries all four checks.";

/**
 * One ImageValidatingPolicy with the checks of several image rules (by default all four, rules
 * 57–60), in rule order: the first failing check names its rule. Each rule keeps its own signers
 * (attestor names are prefixed per rule) and parameters; the image scope (`imageReferences`,
 * `allowInsecureRegistry`) must be the same for all.
 *
 * @param params - parameter overrides per rule id, as in a `--params` file
 * @param options - version and docs link
 * @param rules - the rules to combine
 * @returns the policy
 * @throws when the rules' image scopes differ, or a rule's parameters are invalid
 */
export function combinedImagePolicyOf(
  params: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
  options: ImagePolicyOptions = {},
  rules: readonly KyvernoImageRule[] = KYVERNO_IMAGE_RULES,
): ImageValidatingPolicy {
  if (rules.length === 0) throw new Error(`${COMBINED_IMAGE_POLICY_ID}: no rule to combine`);
  const parts = rules.map((rule) => ({ rule, ...imageRulePartsOf(rule, params[rule.id] ?? {}, true) }));
  const first = parts[0]!;
  for (const p of parts) {
    for (const key of ["imageReferences", "allowInsecureRegistry"]) {
      if (JSON.stringify(p.values[key]) !== JSON.stringify(first.values[key])) {
        throw new Error(
          `${COMBINED_IMAGE_POLICY_ID}: ${key} differs between ${first.rule.id} (${JSON.stringify(first.values[key])}) and ${p.rule.id} (${JSON.stringify(p.values[key])}); one policy has one image scope`,
        );
      }
    }
  }
  const attestors: CosignAttestor[] = parts.flatMap((p) => p.signers.attestors);
  const body: ImagePolicyBody = {
    attestations: parts.flatMap((p) => p.body.attestations),
    variables: parts.flatMap((p) => p.body.variables ?? []),
    validations: parts.flatMap((p) => p.body.validations.map((v) => labelled(p.rule.id, v))),
  };
  for (const [what, names] of [
    ["attestor", attestors.map((a) => a.name)],
    ["attestation", body.attestations.map((a) => a.name)],
    ["variable", (body.variables ?? []).map((v) => v.name)],
  ] as const) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`${COMBINED_IMAGE_POLICY_ID}: two rules define the ${what} ${dup}`);
  }
  const header = {
    id: COMBINED_IMAGE_POLICY_ID,
    title: "Verify Image Supply Chain",
    category: "Software Supply Chain Security",
    severity: "high",
    subject: "Pod",
    description: `The checks of ${rules.map((r) => r.id).join(", ")} in one ImageValidatingPolicy, in that order. ${KYVERNO_1_19_MULTI_POLICY_DEADLOCK}`,
    gate: [...new Set(rules.map((r) => r.gate))].sort().join(","),
  };
  return imagePolicyOf(header, first.values, { attestors, list: "" }, body, options);
}

function labelled(ruleId: string, v: ImagePolicyValidation): ImagePolicyValidation {
  return {
    expression: v.expression,
    message: `${ruleId}: ${v.message}`,
    ...(v.messageExpression
      ? { messageExpression: `${JSON.stringify(`${ruleId}: `)} + ${v.messageExpression}` }
      : {}),
  };
}
