import {
  defineRule,
  eq,
  exampleIngress,
  exists,
  forEach,
  msg,
  not,
  OTHER_KINDS,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";
import type { V1Ingress } from "@kubernetes/client-node";

/** Every rule of an Ingress names a host and has an HTTP section. */
export default defineRule({
  examples: {
    denied: [
      { title: "a rule without a host", object: exampleIngress("no-host", [undefined]) },
      {
        title: "a second rule without a host",
        object: exampleIngress("second-no-host", ["app.example.com", undefined]),
      },
      {
        title: "a rule with a host but no HTTP section",
        object: exampleIngress("host-only", [{ host: "app.example.com" }]),
      },
      { title: "a rule with an empty host", object: exampleIngress("empty-host", [""]) },
    ],
    allowed: [
      {
        title: "every rule names a host",
        object: exampleIngress("hosts", ["app.example.com", "*.example.com"]),
      },
      {
        title: "no rules (a default backend only)",
        object: exampleIngress("default-backend", [], {
          defaultBackend: { service: { name: "app", port: { number: 80 } } },
        }),
      },
    ],
  },
  meta: {
    id: "disallow-empty-ingress-host",
    anchor: "best-practices/disallow-empty-ingress-host",
    title: "Disallow empty Ingress host",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Ingress",
    description:
      "An ingress resource needs to define an actual host name in order to be valid. Every rule in spec.rules of an Ingress must set a non-empty host and an http section.",
    remediation: "Set spec.rules[].host to the host name the rule serves, next to its http paths.",
  },
  match: { kinds: [OTHER_KINDS.Ingress] },
  violations: ({ object }) =>
    forEach(typed<V1Ingress>(object).spec.rules, (r) => [
      violation({
        when: eq(read(r.host, ""), ""),
        field: r.host,
        message: msg`an Ingress rule has no host: set spec.rules[].host to a host name`,
      }),
      violation({
        when: not(exists(r.http)),
        field: r.http,
        message: msg`the Ingress rule for host ${r.host} has no http section: add http.paths to the rule`,
      }),
    ]),
});
