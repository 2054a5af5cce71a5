import type { LibraryEntry } from "./library-entry.js";
import disallowCapabilitiesStrict from "./rules/disallow-capabilities-strict.js";
import disallowPrivilegeEscalation from "./rules/disallow-privilege-escalation.js";
import requireRunAsNonRootUser from "./rules/require-run-as-non-root-user.js";
import requireRunAsNonroot from "./rules/require-run-as-nonroot.js";
import restrictSeccompStrict from "./rules/restrict-seccomp-strict.js";
import restrictVolumeTypes from "./rules/restrict-volume-types.js";

/** Pod Security Standards, restricted (CATALOGUE.md A, rules 12–17). */
export const POD_SECURITY_RESTRICTED: readonly LibraryEntry[] = [
  { rule: disallowCapabilitiesStrict, anchor: "pod-security/restricted/disallow-capabilities-strict" },
  { rule: disallowPrivilegeEscalation, anchor: "pod-security/restricted/disallow-privilege-escalation" },
  { rule: requireRunAsNonRootUser, anchor: "pod-security/restricted/require-run-as-non-root-user" },
  { rule: requireRunAsNonroot, anchor: "pod-security/restricted/require-run-as-nonroot" },
  { rule: restrictSeccompStrict, anchor: "pod-security/restricted/restrict-seccomp-strict" },
  { rule: restrictVolumeTypes, anchor: "pod-security/restricted/restrict-volume-types" },
];
