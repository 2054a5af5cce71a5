import type { LibraryEntry } from "./library-entry.js";
import disallowCapabilities from "./rules/disallow-capabilities.js";
import disallowHostNamespaces from "./rules/disallow-host-namespaces.js";
import disallowHostPath from "./rules/disallow-host-path.js";
import disallowHostPorts from "./rules/disallow-host-ports.js";
import disallowHostProcess from "./rules/disallow-host-process.js";
import disallowPrivilegedContainers from "./rules/disallow-privileged-containers.js";
import disallowProcMount from "./rules/disallow-proc-mount.js";
import disallowSelinux from "./rules/disallow-selinux.js";
import restrictApparmorProfiles from "./rules/restrict-apparmor-profiles.js";
import restrictSeccomp from "./rules/restrict-seccomp.js";
import restrictSysctls from "./rules/restrict-sysctls.js";

/** Pod Security Standards, baseline (CATALOGUE.md A, rules 1–11). */
export const POD_SECURITY_BASELINE: readonly LibraryEntry[] = [
  { rule: disallowCapabilities, anchor: "pod-security/baseline/disallow-capabilities" },
  { rule: disallowHostNamespaces, anchor: "pod-security/baseline/disallow-host-namespaces" },
  { rule: disallowHostPath, anchor: "pod-security/baseline/disallow-host-path" },
  { rule: disallowHostPorts, anchor: "pod-security/baseline/disallow-host-ports" },
  { rule: disallowHostProcess, anchor: "pod-security/baseline/disallow-host-process" },
  { rule: disallowPrivilegedContainers, anchor: "pod-security/baseline/disallow-privileged-containers" },
  { rule: disallowProcMount, anchor: "pod-security/baseline/disallow-proc-mount" },
  { rule: disallowSelinux, anchor: "pod-security/baseline/disallow-selinux" },
  { rule: restrictApparmorProfiles, anchor: "pod-security/baseline/restrict-apparmor-profiles" },
  { rule: restrictSeccomp, anchor: "pod-security/baseline/restrict-seccomp" },
  { rule: restrictSysctls, anchor: "pod-security/baseline/restrict-sysctls" },
];
