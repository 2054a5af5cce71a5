import type { LibraryEntry } from "./library-entry.js";
import k8sallowedrepos from "./rules/k8sallowedrepos.js";
import k8scontainerrequests from "./rules/k8scontainerrequests.js";
import k8sdisallowedtags from "./rules/k8sdisallowedtags.js";
import k8srequiredlabels from "./rules/k8srequiredlabels.js";

/** gatekeeper-library `general/` templates (CATALOGUE.md B). */
export const GENERAL: readonly LibraryEntry[] = [
  { rule: k8sallowedrepos, anchor: "general/allowedrepos" },
  { rule: k8scontainerrequests, anchor: "general/containerrequests" },
  { rule: k8sdisallowedtags, anchor: "general/disallowedtags" },
  { rule: k8srequiredlabels, anchor: "general/requiredlabels" },
];
