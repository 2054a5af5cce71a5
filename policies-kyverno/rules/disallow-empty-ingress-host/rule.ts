import { defineRule, eq, exists, forEach, msg, not, OTHER_KINDS, read, typed, violation, type ExampleObject, type Json } from "@tollgate/rule-dsl";
import type { V1Ingress } from "@kubernetes/client-node";

/** The HTTP backend of the examples' Ingress rules. */
const HTTP: Json = { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] };

function ingress(name: string, rules: Json[]): ExampleObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name, namespace: "default" }, spec: { ingressClassName: "nginx", rules } };
}

/** Every rule of an Ingress names a host and has an HTTP section. */
export default defineRule({
  examples: {
    denied: [
      { title: "a rule without a host", object: ingress("no-host", [{ http: HTTP }]) },
      { title: "a second rule without a host", object: ingress("second-no-host", [{ host: "app.example.com", http: HTTP }, { http: HTTP }]) },
      { title: "a rule with a host but no HTTP section", object: ingress("host-only", [{ host: "app.example.com" }]) },
      { title: "a rule with an empty host", object: ingress("empty-host", [{ host: "", http: HTTP }]) },
    ],
    allowed: [
      { title: "every rule names a host", object: ingress("hosts", [{ host: "app.example.com", http: HTTP }, { host: "*.example.com", http: HTTP }]) },
      {
        title: "no rules (a default backend only)",
        object: {
          apiVersion: "networking.k8s.io/v1",
          kind: "Ingress",
          metadata: { name: "default-backend", namespace: "default" },
          spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } } },
        },
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
