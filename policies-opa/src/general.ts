import type { LibraryEntry } from "./library-entry.js";
import k8sallowedrepos from "./rules/k8sallowedrepos.js";
import k8sblockloadbalancer from "./rules/k8sblockloadbalancer.js";
import k8sblocknodeport from "./rules/k8sblocknodeport.js";
import k8sblockwildcardingress from "./rules/k8sblockwildcardingress.js";
import k8scontainerephemeralstoragelimit from "./rules/k8scontainerephemeralstoragelimit.js";
import k8scontainerlimits from "./rules/k8scontainerlimits.js";
import k8scontainerrequests from "./rules/k8scontainerrequests.js";
import k8sdisallowedrepos from "./rules/k8sdisallowedrepos.js";
import k8sdisallowedtags from "./rules/k8sdisallowedtags.js";
import k8sdisallowinteractivetty from "./rules/k8sdisallowinteractivetty.js";
import k8sexternalips from "./rules/k8sexternalips.js";
import k8shttpsonly from "./rules/k8shttpsonly.js";
import k8simagedigests from "./rules/k8simagedigests.js";
import k8spspautomountserviceaccounttokenpod from "./rules/k8spspautomountserviceaccounttokenpod.js";
import k8sreplicalimits from "./rules/k8sreplicalimits.js";
import k8srequiredannotations from "./rules/k8srequiredannotations.js";
import k8srequiredlabels from "./rules/k8srequiredlabels.js";
import k8srequiredprobes from "./rules/k8srequiredprobes.js";

/** gatekeeper-library `general/` templates (CATALOGUE.md B). */
export const GENERAL: readonly LibraryEntry[] = [
  { rule: k8sallowedrepos, anchor: "general/allowedrepos" },
  { rule: k8sblockloadbalancer, anchor: "general/block-loadbalancer-services" },
  { rule: k8sblocknodeport, anchor: "general/block-nodeport-services" },
  { rule: k8sblockwildcardingress, anchor: "general/block-wildcard-ingress" },
  { rule: k8scontainerephemeralstoragelimit, anchor: "general/ephemeralstoragelimit" },
  { rule: k8scontainerlimits, anchor: "general/containerlimits" },
  { rule: k8scontainerrequests, anchor: "general/containerrequests" },
  { rule: k8sdisallowedrepos, anchor: "general/disallowedrepos" },
  { rule: k8sdisallowedtags, anchor: "general/disallowedtags" },
  { rule: k8sdisallowinteractivetty, anchor: "general/disallowinteractive" },
  { rule: k8sexternalips, anchor: "general/externalip" },
  { rule: k8shttpsonly, anchor: "general/httpsonly" },
  { rule: k8simagedigests, anchor: "general/imagedigests" },
  { rule: k8spspautomountserviceaccounttokenpod, anchor: "general/automount-serviceaccount-token" },
  { rule: k8sreplicalimits, anchor: "general/replicalimits" },
  { rule: k8srequiredannotations, anchor: "general/requiredannotations" },
  { rule: k8srequiredlabels, anchor: "general/requiredlabels" },
  { rule: k8srequiredprobes, anchor: "general/requiredprobes" },
];
