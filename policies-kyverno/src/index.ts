/**
 * The Kyverno rule library: Pod Security Standards, best practices, workloads, RBAC, network
 * and delivery rules as typed Tollgate rules, named as in kyverno/policies so the anchors' own
 * tests run against ours.
 *
 * @packageDocumentation
 */
import type { RuleIR } from "@tollgate/rule-dsl";
import { BEST_PRACTICES } from "./best-practices.js";
import type { LibraryEntry } from "./library-entry.js";
import { POD_SECURITY_BASELINE } from "./pod-security-baseline.js";
import { POD_SECURITY_RESTRICTED } from "./pod-security-restricted.js";
import { SUPPLY_CHAIN_DELIVERY } from "./supply-chain-delivery.js";
import { WORKLOADS_RBAC_NETWORK } from "./workloads-rbac-network.js";
import { WORKLOADS_RBAC_NETWORK_MORE } from "./workloads-rbac-network-more.js";

export type { LibraryEntry } from "./library-entry.js";

const ENTRIES: readonly LibraryEntry[] = [
  ...POD_SECURITY_BASELINE,
  ...POD_SECURITY_RESTRICTED,
  ...BEST_PRACTICES,
  ...WORKLOADS_RBAC_NETWORK,
  ...WORKLOADS_RBAC_NETWORK_MORE,
  ...SUPPLY_CHAIN_DELIVERY,
];

/** Every rule of the library, by id order. */
export const KYVERNO_RULES: readonly RuleIR[] = ENTRIES.map((e) => e.rule).sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/**
 * The anchor of each rule: its path in kyverno/policies, and the folders under
 * `shared/anchors/kyverno-policies` that may hold its tests (the ClusterPolicy form and the
 * ValidatingPolicy form, `-vpol`).
 */
export const KYVERNO_ANCHORS: Readonly<Record<string, { readonly anchor: string; readonly suites: readonly string[] }>> = Object.fromEntries(
  ENTRIES.map((e) => [e.rule.meta.id, { anchor: e.anchor, suites: [e.anchor, e.anchor.replace(/^([^/]+)/, "$1-vpol")] }]),
);

// Rules 57–60: image verification. They need a registry, so they are typed ImageValidatingPolicy
// definitions rather than rule IR (see image-verification/).
export { KYVERNO_IMAGE_RULES } from "./image-verification/image-rules.js";
export { COMBINED_IMAGE_POLICY_ID, combinedImagePolicyOf, KYVERNO_1_19_MULTI_POLICY_DEADLOCK } from "./image-verification/combined-image-policy.js";
export { combinedImagePolicyPage, IMAGE_RULES_OTHER_ENGINES, imageRuleArtifacts, imageRulePage } from "./image-verification/image-rule-artifacts.js";
export type { ImageRuleArtifacts, ImageRuleBuildOptions, ImageRuleCatalogueEntry } from "./image-verification/image-rule-artifacts.js";
export type { ImagePolicyOptions, ImageRuleExample, KyvernoImageRule } from "./image-verification/kyverno-image-rule.js";
export type {
  CosignAttestor,
  ImagePolicyResourceRule,
  ImagePolicyValidation,
  ImageValidatingPolicy,
  IntotoAttestation,
  KeylessIdentity,
} from "./image-verification/image-validating-policy.js";
