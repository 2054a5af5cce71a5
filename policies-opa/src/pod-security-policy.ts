import type { LibraryEntry } from "./library-entry.js";
import k8spspprivilegedcontainer from "./rules/k8spspprivilegedcontainer.js";

/** gatekeeper-library `pod-security-policy/` templates (CATALOGUE.md B). */
export const POD_SECURITY_POLICY: readonly LibraryEntry[] = [{ rule: k8spspprivilegedcontainer, anchor: "pod-security-policy/privileged-containers" }];
