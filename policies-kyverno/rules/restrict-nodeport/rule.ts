import { defineRule, eq, exampleService, msg, OTHER_KINDS, read, typed, violation } from "@tollgate/rule-dsl";
import type { V1Service } from "@kubernetes/client-node";

/** No Service may be of type `NodePort`. */
export default defineRule({
  examples: {
    denied: [{ title: "a NodePort Service", object: exampleService("node-port", { type: "NodePort" }) }],
    allowed: [
      { title: "a ClusterIP Service", object: exampleService("cluster-ip", { type: "ClusterIP" }) },
      { title: "a Service without a type (ClusterIP)", object: exampleService("no-type") },
      { title: "a LoadBalancer Service", object: exampleService("load-balancer", { type: "LoadBalancer" }) },
    ],
  },
  meta: {
    id: "restrict-nodeport",
    anchor: "best-practices/restrict-node-port",
    title: "Disallow NodePort",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Service",
    description:
      "A Kubernetes Service of type NodePort uses a host port to receive traffic from any source. A NetworkPolicy cannot be used to control traffic to host ports. Although NodePort Services can be useful, their use must be limited to Services with additional upstream security checks. A Service's spec.type must not be NodePort.",
    remediation: "Use a ClusterIP Service behind an Ingress or Gateway instead of a NodePort Service.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  violations: ({ object }) => [
    violation({
      when: eq(read(typed<V1Service>(object).spec.type, ""), "NodePort"),
      field: typed<V1Service>(object).spec.type,
      message: msg`Services of type NodePort are not allowed: change spec.type to ClusterIP and expose the Service through an Ingress or Gateway`,
    }),
  ],
});
