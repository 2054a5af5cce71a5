/**
 * The OPA/Gatekeeper rule library (gate 4): Gatekeeper checks as typed Tollgate rules, each
 * with the Constraint kind and parameter schema of the gatekeeper-library template of the same
 * check, so existing Constraints keep working when our template is swapped in.
 *
 * @packageDocumentation
 */
import type { RuleIR } from "@tollgate/rule-dsl";
import k8sallowedrepos from "./rules/k8sallowedrepos.js";
import k8scontainerrequests from "./rules/k8scontainerrequests.js";
import k8sdisallowedtags from "./rules/k8sdisallowedtags.js";
import k8spspprivilegedcontainer from "./rules/k8spspprivilegedcontainer.js";
import k8srequiredlabels from "./rules/k8srequiredlabels.js";

export { isExemptImage } from "./exempt-images.js";

/** Every rule of the library, by id order. */
export const OPA_RULES: readonly RuleIR[] = [k8sallowedrepos, k8scontainerrequests, k8sdisallowedtags, k8spspprivilegedcontainer, k8srequiredlabels].sort(
  (a, b) => a.meta.id.localeCompare(b.meta.id),
);

/**
 * The anchor of each rule: its folder in gatekeeper-library `library/`, where a suite may sit
 * under `shared/anchors/gatekeeper-library/library`.
 */
export const OPA_ANCHORS: Readonly<Record<string, string>> = {
  k8sallowedrepos: "general/allowedrepos",
  k8scontainerrequests: "general/containerrequests",
  k8sdisallowedtags: "general/disallowedtags",
  k8spspprivilegedcontainer: "pod-security-policy/privileged-containers",
  k8srequiredlabels: "general/requiredlabels",
};
