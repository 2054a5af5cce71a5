import type { LibraryEntry } from "./library-entry.js";
import restrictBindingSystemGroups from "./rules/restrict-binding-system-groups.js";
import secretsNotFromEnvVars from "./rules/secrets-not-from-env-vars.js";
import requireEmptydirRequestsAndLimits from "./rules/require-emptydir-requests-and-limits.js";
import ensureReadonlyHostpath from "./rules/ensure-readonly-hostpath.js";
import restrictNodeSelection from "./rules/restrict-node-selection.js";
import imagepullpolicyAlways from "./rules/imagepullpolicy-always.js";
import requireContainerPortNames from "./rules/require-container-port-names.js";
import memoryRequestsEqualLimits from "./rules/memory-requests-equal-limits.js";
import requirePodPriorityclassname from "./rules/require-pod-priorityclassname.js";
import restrictServicePortRange from "./rules/restrict-service-port-range.js";
import blockEphemeralContainers from "./rules/block-ephemeral-containers.js";
import restrictEscalationVerbsRoles from "./rules/restrict-escalation-verbs-roles.js";

/** Workloads, RBAC and network, continued (CATALOGUE.md A, rules 44–55). */
export const WORKLOADS_RBAC_NETWORK_MORE: readonly LibraryEntry[] = [
  { rule: restrictBindingSystemGroups, anchor: "other/restrict-binding-system-groups" },
  { rule: secretsNotFromEnvVars, anchor: "other/disallow-secrets-from-env-vars" },
  { rule: requireEmptydirRequestsAndLimits, anchor: "other/require-emptydir-requests-limits" },
  { rule: ensureReadonlyHostpath, anchor: "other/ensure-readonly-hostpath" },
  { rule: restrictNodeSelection, anchor: "other/restrict-node-selection" },
  { rule: imagepullpolicyAlways, anchor: "other/imagepullpolicy-always" },
  { rule: requireContainerPortNames, anchor: "other/require-container-port-names" },
  { rule: memoryRequestsEqualLimits, anchor: "other/memory-requests-equal-limits" },
  { rule: requirePodPriorityclassname, anchor: "other/require-pod-priorityclassname" },
  { rule: restrictServicePortRange, anchor: "other/restrict-service-port-range" },
  { rule: blockEphemeralContainers, anchor: "other/block-ephemeral-containers" },
  { rule: restrictEscalationVerbsRoles, anchor: "other/restrict-escalation-verbs-roles" },
];
