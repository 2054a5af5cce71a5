import type { V1Ingress } from "@kubernetes/client-node";
import {
  and,
  contains,
  defineRule,
  eq,
  exampleIngress,
  forEach,
  msg,
  or,
  read,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";

/** No Ingress rule may have a blank, omitted or wildcard host. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a wildcard host beside a valid one",
        object: exampleIngress("wildcard", ["*.aibos.example", "app.aibos.example"]),
      },
      { title: "a blank host", object: exampleIngress("blank", [""]) },
      { title: "an omitted host", object: exampleIngress("omitted", [undefined]) },
    ],
    allowed: [
      {
        title: "exact hosts only",
        object: exampleIngress("exact", ["app.aibos.example", "api.aibos.example"]),
      },
    ],
  },
  meta: {
    id: "k8sblockwildcardingress",
    anchor: "general/block-wildcard-ingress",
    constraintKind: "K8sBlockWildcardIngress",
    title: "Block Wildcard Ingress",
    category: "general",
    severity: "high",
    gate: 4,
    subject: "Ingress",
    description:
      "Users should not be able to create Ingresses with a blank or wildcard (`*`) hostname, since that would let them intercept traffic for other services in the cluster, even without access to those services. Each entry of spec.rules whose host is omitted, empty or contains `*` is a violation.",
    remediation: "Give every entry of spec.rules an exact host name.",
  },
  match: { kinds: [OTHER_KINDS.Ingress] },
  violations: ({ object }) => {
    const ing = typed<V1Ingress>(object);
    return forEach(ing.spec.rules, (rule) => {
      const host = read(rule.host, "");
      return violation({
        when: and(eq(read(ing.kind, ""), "Ingress"), or(eq(host, ""), contains(host, "*"))),
        field: rule.host,
        message: msg`Hostname '${host}' is not allowed since it counts as a wildcard, which can be used to intercept traffic from other applications: set an exact host`,
      });
    });
  },
});
