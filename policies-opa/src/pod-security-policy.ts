import type { LibraryEntry } from "./library-entry.js";
import k8spspallowedusers from "./rules/k8spspallowedusers.js";
import k8spspallowprivilegeescalationcontainer from "./rules/k8spspallowprivilegeescalationcontainer.js";
import k8spspapparmor from "./rules/k8spspapparmor.js";
import k8spspcapabilities from "./rules/k8spspcapabilities.js";
import k8spspflexvolumes from "./rules/k8spspflexvolumes.js";
import k8spspforbiddensysctls from "./rules/k8spspforbiddensysctls.js";
import k8spspfsgroup from "./rules/k8spspfsgroup.js";
import k8spsphostfilesystem from "./rules/k8spsphostfilesystem.js";
import k8spsphostnamespace from "./rules/k8spsphostnamespace.js";
import k8spsphostnetworkingports from "./rules/k8spsphostnetworkingports.js";
import k8spsphostprocess from "./rules/k8spsphostprocess.js";
import k8spspprivilegedcontainer from "./rules/k8spspprivilegedcontainer.js";
import k8spspprocmount from "./rules/k8spspprocmount.js";
import k8spspreadonlyrootfilesystem from "./rules/k8spspreadonlyrootfilesystem.js";
import k8spspseccomp from "./rules/k8spspseccomp.js";
import k8spspselinuxv2 from "./rules/k8spspselinuxv2.js";
import k8spspvolumetypes from "./rules/k8spspvolumetypes.js";

/** gatekeeper-library `pod-security-policy/` templates (CATALOGUE.md B). */
export const POD_SECURITY_POLICY: readonly LibraryEntry[] = [
  { rule: k8spspprivilegedcontainer, anchor: "pod-security-policy/privileged-containers" },
  { rule: k8spspallowprivilegeescalationcontainer, anchor: "pod-security-policy/allow-privilege-escalation" },
  { rule: k8spspapparmor, anchor: "pod-security-policy/apparmor" },
  { rule: k8spspcapabilities, anchor: "pod-security-policy/capabilities" },
  { rule: k8spspflexvolumes, anchor: "pod-security-policy/flexvolume-drivers" },
  { rule: k8spspforbiddensysctls, anchor: "pod-security-policy/forbidden-sysctls" },
  { rule: k8spspfsgroup, anchor: "pod-security-policy/fsgroup" },
  { rule: k8spsphostfilesystem, anchor: "pod-security-policy/host-filesystem" },
  { rule: k8spsphostnamespace, anchor: "pod-security-policy/host-namespaces" },
  { rule: k8spsphostnetworkingports, anchor: "pod-security-policy/host-network-ports" },
  { rule: k8spspprocmount, anchor: "pod-security-policy/proc-mount" },
  { rule: k8spspreadonlyrootfilesystem, anchor: "pod-security-policy/read-only-root-filesystem" },
  { rule: k8spspseccomp, anchor: "pod-security-policy/seccomp" },
  { rule: k8spspselinuxv2, anchor: "pod-security-policy/selinux" },
  { rule: k8spspallowedusers, anchor: "pod-security-policy/users" },
  { rule: k8spspvolumetypes, anchor: "pod-security-policy/volumes" },
  { rule: k8spsphostprocess, anchor: "pod-security-policy/host-process" },
];
