import type { V1Ingress } from "@kubernetes/client-node";
import {
  contains,
  defineRule,
  exampleIngress,
  forEach,
  msg,
  OTHER_KINDS,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";

/** No Ingress rule may use a host containing the wildcard `*`. */
export default defineRule({
  meta: {
    id: "restrict-ingress-wildcard",
    anchor: "other/restrict-ingress-wildcard",
    title: "Restrict Ingress Host with Wildcards",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Ingress",
    description:
      "Ingress hosts may use a wildcard instead of a precise name, which can route unintended traffic to the Ingress. No entry of an Ingress's spec.rules may have a host containing '*' (a rule without a host is not checked).",
    remediation:
      "Replace each wildcard host in spec.rules[].host with the exact host names the Ingress serves.",
  },
  match: { kinds: [OTHER_KINDS.Ingress] },
  violations: ({ object }) =>
    forEach(typed<V1Ingress>(object).spec.rules, (rule) =>
      violation({
        when: contains(read(rule.host, ""), "*"),
        field: rule.host,
        message: msg`the Ingress host "${rule.host}" contains a wildcard: list the exact host names in spec.rules[].host instead`,
      }),
    ),
  examples: {
    denied: [
      { title: "a wildcard host", object: exampleIngress("wildcard", ["*.example.com"]) },
      {
        title: "a wildcard in the second rule's host",
        object: exampleIngress("second-wildcard", ["app.example.com", "foo.*.com"]),
      },
    ],
    allowed: [
      { title: "exact hosts only", object: exampleIngress("exact", ["app.example.com", "api.example.com"]) },
      { title: "a rule without a host", object: exampleIngress("no-host", [undefined]) },
    ],
  },
});
