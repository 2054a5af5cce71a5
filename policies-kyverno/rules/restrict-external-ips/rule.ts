import { defineRule, exampleService, exists, msg, OTHER_KINDS, typed, violation } from "@tollgate/rule-dsl";
import type { V1Service } from "@kubernetes/client-node";

/** No Service may set `spec.externalIPs`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Service with an external IP",
        object: exampleService("one-external-ip", { externalIPs: ["203.0.113.10"] }),
      },
      {
        title: "a LoadBalancer Service with two external IPs",
        object: exampleService("two-external-ips", {
          type: "LoadBalancer",
          externalIPs: ["203.0.113.10", "203.0.113.11"],
        }),
      },
    ],
    allowed: [
      { title: "a Service without external IPs", object: exampleService("no-external-ips") },
      {
        title: "a NodePort Service without external IPs",
        object: exampleService("node-port", { type: "NodePort" }),
      },
    ],
  },
  meta: {
    id: "restrict-external-ips",
    anchor: "best-practices/restrict-service-external-ips",
    title: "Restrict External IPs",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Service",
    description:
      "Service externalIPs can be used for a MITM attack (CVE-2020-8554). Restrict externalIPs or limit to a known set of addresses. See: https://github.com/kyverno/kyverno/issues/1367. A Service must not set spec.externalIPs (an empty list counts as set).",
    remediation:
      "Remove spec.externalIPs from the Service; expose it through a LoadBalancer or an Ingress instead.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  violations: ({ object }) => [
    violation({
      when: exists(typed<V1Service>(object).spec.externalIPs),
      field: typed<V1Service>(object).spec.externalIPs,
      message: msg`externalIPs are not allowed: remove spec.externalIPs from the Service`,
    }),
  ],
});
