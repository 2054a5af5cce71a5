import type { V1Service } from "@kubernetes/client-node";
import { defineRule, eq, exampleService, msg, OTHER_KINDS, read, typed, violation } from "@tollgate/rule-dsl";

/** A Service must not be of type LoadBalancer. */
export default defineRule({
  meta: {
    id: "no-loadbalancer-service",
    anchor: "other/restrict-loadbalancer",
    title: "Disallow Service Type LoadBalancer",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Service",
    description:
      "In cloud environments a Service of type LoadBalancer makes the provider create a load balancer in the account, adding cost and exposure outside the organisation's practices. A Service's spec.type must not be LoadBalancer (an absent spec.type means ClusterIP, which is allowed).",
    remediation:
      "Use a ClusterIP Service behind the shared Ingress or Gateway instead of spec.type: LoadBalancer.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  violations: ({ object }) => {
    const service = typed<V1Service>(object);
    return [
      violation({
        when: eq(read(service.spec.type, "ClusterIP"), "LoadBalancer"),
        field: service.spec.type,
        message: msg`Service of type LoadBalancer is not allowed: change spec.type to ClusterIP and expose the Service through the shared Ingress or Gateway`,
      }),
    ];
  },
  // No object can tell these mutants apart from the rule (see `tollgate test`).
  equivalentMutants: {
    'violations[0].when.left: default "ClusterIP" → "ClusterIP-mutant"':
      "an absent type is read as some type other than LoadBalancer, whichever name it takes",
  },
  examples: {
    denied: [{ title: "a LoadBalancer Service", object: exampleService("public", { type: "LoadBalancer" }) }],
    allowed: [
      { title: "a NodePort Service", object: exampleService("node-port", { type: "NodePort" }) },
      { title: "a ClusterIP Service", object: exampleService("cluster-ip", { type: "ClusterIP" }) },
      { title: "a Service without spec.type (ClusterIP)", object: exampleService("default-type") },
    ],
  },
});
