/**
 * The Kyverno rule library: Pod Security Standards, best practices, workloads, RBAC, network
 * and delivery rules as typed Tollgate rules, named as in kyverno/policies so the anchors' own
 * tests run against ours. Each rule is a folder under `rules/` (`rules/<id>/rule.ts`), found
 * and loaded from its source the way a team's own rules are.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from "node:url";
import type { RuleIR } from "@tollgate/rule-dsl";
import { loadLibraryRules, type RuleLibrary } from "@tollgate/rule-loader";

/** The library: its name and its rules folder (its package.json says the same for tollgate.config). */
export const KYVERNO_LIBRARY: RuleLibrary = {
  name: "policies-kyverno",
  rulesDir: fileURLToPath(new URL("../rules", import.meta.url)),
};

/** Every rule of the library, by id order. */
export const KYVERNO_RULES: readonly RuleIR[] = await loadLibraryRules(KYVERNO_LIBRARY);

/**
 * The anchor of each rule that has one: its path in kyverno/policies, and the folders under
 * `shared/anchors/kyverno-policies` that may hold its tests (the ClusterPolicy form and the
 * ValidatingPolicy form, `-vpol`).
 */
export const KYVERNO_ANCHORS: Readonly<
  Record<string, { readonly anchor: string; readonly suites: readonly string[] }>
> = Object.fromEntries(
  KYVERNO_RULES.flatMap((r) =>
    r.meta.anchor
      ? [
          [
            r.meta.id,
            { anchor: r.meta.anchor, suites: [r.meta.anchor, r.meta.anchor.replace(/^([^/]+)/, "$1-vpol")] },
          ],
        ]
      : [],
  ),
);

// Image verification needs a registry: these are typed ImageValidatingPolicy definitions rather
// than rule IR (see image-verification/).
export { KYVERNO_IMAGE_RULES } from "./image-verification/image-rules.js";
export {
  COMBINED_IMAGE_POLICY_ID,
  combinedImagePolicyOf,
  KYVERNO_1_19_MULTI_POLICY_DEADLOCK,
} from "./image-verification/combined-image-policy.js";
export {
  combinedImagePolicyPage,
  IMAGE_RULES_OTHER_ENGINES,
  imageRuleArtifacts,
  imageRulePage,
} from "./image-verification/image-rule-artifacts.js";
export type {
  ImageRuleArtifacts,
  ImageRuleBuildOptions,
  ImageRuleCatalogueEntry,
} from "./image-verification/image-rule-artifacts.js";
export type {
  ImagePolicyOptions,
  ImageRuleExample,
  KyvernoImageRule,
} from "./image-verification/kyverno-image-rule.js";
export type {
  CosignAttestor,
  ImagePolicyResourceRule,
  ImagePolicyValidation,
  ImageValidatingPolicy,
  IntotoAttestation,
  KeylessIdentity,
} from "./image-verification/image-validating-policy.js";
