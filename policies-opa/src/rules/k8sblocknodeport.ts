import type { V1Service } from "@kubernetes/client-node";
import { and, defineRule, eq, msg, read, typed, violation, OTHER_KINDS, type ExampleObject } from "@tollgate/rule-dsl";

function service(name: string, type?: string): ExampleObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { ...(type === undefined ? {} : { type }), selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** No Service may be of type NodePort. */
export default defineRule({
  examples: {
    denied: [{ title: "a NodePort Service", object: service("node-port", "NodePort") }],
    allowed: [
      { title: "a ClusterIP Service", object: service("cluster-ip", "ClusterIP") },
      { title: "a Service without spec.type (ClusterIP)", object: service("default-type") },
      { title: "a LoadBalancer Service (another rule's concern)", object: service("load-balancer", "LoadBalancer") },
    ],
  },
  meta: {
    id: "k8sblocknodeport",
    constraintKind: "K8sBlockNodePort",
    title: "Block NodePort",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Service",
    description:
      "Disallows all Services with spec.type NodePort, which opens a port on every node of the cluster. An absent spec.type means ClusterIP and is allowed.",
    remediation: "Use a ClusterIP Service behind the shared Ingress or Gateway instead of spec.type: NodePort.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  violations: ({ object }) => {
    const svc = typed<V1Service>(object);
    return [
      violation({
        when: and(eq(read(svc.kind, ""), "Service"), eq(read(svc.spec.type, ""), "NodePort")),
        field: svc.spec.type,
        message: msg`User is not allowed to create service of type NodePort: change spec.type to ClusterIP`,
      }),
    ];
  },
});
