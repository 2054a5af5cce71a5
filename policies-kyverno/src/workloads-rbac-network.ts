import type { LibraryEntry } from "./library-entry.js";
import deploymentHasMultipleReplicas from "./rules/deployment-has-multiple-replicas.js";
import noLoadbalancerService from "./rules/no-loadbalancer-service.js";
import preventBarePods from "./rules/prevent-bare-pods.js";
import requireAnnotations from "./rules/require-annotations.js";
import requireImageChecksum from "./rules/require-image-checksum.js";
import requireIngressHttps from "./rules/require-ingress-https.js";
import requireNonRootGroups from "./rules/require-non-root-groups.js";
import restrictAutomountSaToken from "./rules/restrict-automount-sa-token.js";
import restrictBindingClusteradmin from "./rules/restrict-binding-clusteradmin.js";
import restrictIngressWildcard from "./rules/restrict-ingress-wildcard.js";
import restrictWildcardResources from "./rules/restrict-wildcard-resources.js";
import restrictWildcardVerbs from "./rules/restrict-wildcard-verbs.js";

/** Workloads, RBAC and network (CATALOGUE.md A, rules 32–43). */
export const WORKLOADS_RBAC_NETWORK: readonly LibraryEntry[] = [
  { rule: requireImageChecksum, anchor: "other/require-image-checksum" },
  { rule: restrictAutomountSaToken, anchor: "other/restrict-automount-sa-token" },
  { rule: requireNonRootGroups, anchor: "other/require-non-root-groups" },
  { rule: requireAnnotations, anchor: "other/require-annotations" },
  { rule: preventBarePods, anchor: "other/prevent-bare-pods" },
  { rule: deploymentHasMultipleReplicas, anchor: "other/require-deployments-have-multiple-replicas" },
  { rule: noLoadbalancerService, anchor: "other/restrict-loadbalancer" },
  { rule: restrictIngressWildcard, anchor: "other/restrict-ingress-wildcard" },
  { rule: requireIngressHttps, anchor: "other/require-ingress-https" },
  { rule: restrictWildcardResources, anchor: "other/restrict-wildcard-resources" },
  { rule: restrictWildcardVerbs, anchor: "other/restrict-wildcard-verbs" },
  { rule: restrictBindingClusteradmin, anchor: "other/restrict-binding-clusteradmin" },
];
