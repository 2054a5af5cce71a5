import type { LibraryEntry } from "./library-entry.js";
import disallowContainerSockMounts from "./rules/disallow-container-sock-mounts.js";
import disallowDefaultNamespace from "./rules/disallow-default-namespace.js";
import disallowEmptyIngressHost from "./rules/disallow-empty-ingress-host.js";
import disallowHelmTiller from "./rules/disallow-helm-tiller.js";
import disallowLatestTag from "./rules/disallow-latest-tag.js";
import dropAllCapabilities from "./rules/drop-all-capabilities.js";
import dropCapNetRaw from "./rules/drop-cap-net-raw.js";
import requireLabels from "./rules/require-labels.js";
import requirePodProbes from "./rules/require-pod-probes.js";
import requireRequestsLimits from "./rules/require-requests-limits.js";
import requireRoRootfs from "./rules/require-ro-rootfs.js";
import restrictExternalIps from "./rules/restrict-external-ips.js";
import restrictImageRegistries from "./rules/restrict-image-registries.js";
import restrictNodeport from "./rules/restrict-nodeport.js";

/** Best practices (CATALOGUE.md A, rules 18–31). */
export const BEST_PRACTICES: readonly LibraryEntry[] = [
  { rule: disallowContainerSockMounts, anchor: "best-practices/disallow-cri-sock-mount" },
  { rule: disallowDefaultNamespace, anchor: "best-practices/disallow-default-namespace" },
  { rule: disallowEmptyIngressHost, anchor: "best-practices/disallow-empty-ingress-host" },
  { rule: disallowHelmTiller, anchor: "best-practices/disallow-helm-tiller" },
  { rule: disallowLatestTag, anchor: "best-practices/disallow-latest-tag" },
  { rule: dropAllCapabilities, anchor: "best-practices/require-drop-all" },
  { rule: dropCapNetRaw, anchor: "best-practices/require-drop-cap-net-raw" },
  { rule: requireLabels, anchor: "best-practices/require-labels" },
  { rule: requireRequestsLimits, anchor: "best-practices/require-pod-requests-limits" },
  { rule: requirePodProbes, anchor: "best-practices/require-probes" },
  { rule: requireRoRootfs, anchor: "best-practices/require-ro-rootfs" },
  { rule: restrictImageRegistries, anchor: "best-practices/restrict-image-registries" },
  { rule: restrictNodeport, anchor: "best-practices/restrict-node-port" },
  { rule: restrictExternalIps, anchor: "best-practices/restrict-service-external-ips" },
];
