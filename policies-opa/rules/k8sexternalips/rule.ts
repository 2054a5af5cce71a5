import type { V1Service } from "@kubernetes/client-node";
import {
  and,
  defineRule,
  eq,
  exampleService,
  forEach,
  isIn,
  itself,
  join,
  msg,
  not,
  param,
  read,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";

/** Service externalIPs must come from the allow-list. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an external IP with the default empty allow-list",
        object: exampleService("external", { externalIPs: ["203.0.113.10"] }),
      },
      {
        title: "one external IP outside the allow-list",
        object: exampleService("mixed", { externalIPs: ["203.0.113.10", "198.51.100.7"] }),
        params: { allowedIPs: ["203.0.113.10"] },
      },
    ],
    allowed: [
      { title: "no external IPs", object: exampleService("internal") },
      {
        title: "every external IP allowed",
        object: exampleService("allowed", { externalIPs: ["203.0.113.10"] }),
        params: { allowedIPs: ["203.0.113.10", "203.0.113.11"] },
      },
    ],
  },
  meta: {
    id: "k8sexternalips",
    anchor: "general/externalip",
    constraintKind: "K8sExternalIPs",
    title: "External IPs",
    category: "general",
    severity: "high",
    gate: 4,
    subject: "Service",
    description:
      "Restricts the spec.externalIPs of core Services (apiVersion v1) to the allow-list `allowedIPs`, compared as exact strings. An external IP lets a Service capture traffic for any address routed to the cluster (CVE-2020-8554); with the default empty list no external IP is allowed. One violation per forbidden address.",
    remediation: "Remove the external IP from spec.externalIPs, or have it added to the allow-list.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  params: {
    allowedIPs: param.stringList("An allow-list of external IP addresses.", []),
  },
  violations: ({ object, params }) => {
    const svc = typed<V1Service>(object);
    const isService = and(eq(read(svc.kind, ""), "Service"), eq(read(svc.apiVersion, ""), "v1"));
    return forEach(svc.spec.externalIPs, (ip) =>
      violation({
        when: and(isService, not(isIn(itself(ip), params.allowedIPs))),
        field: ip,
        message: msg`service has forbidden external IPs: ${itself(ip)}; remove it from spec.externalIPs (allowed: ${join(params.allowedIPs, ", ")})`,
      }),
    );
  },
});
