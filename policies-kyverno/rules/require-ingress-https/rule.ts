import type { V1Ingress } from "@kubernetes/client-node";
import { type ExampleObject, at, defineRule, exists, msg, ne, not, OTHER_KINDS, read, typed, violation } from "@tollgate/rule-dsl";

const ALLOW_HTTP = "kubernetes.io/ingress.allow-http";

/** An Ingress must disable plain HTTP (annotation `kubernetes.io/ingress.allow-http: "false"`) and define TLS. */
export default defineRule({
  meta: {
    id: "require-ingress-https",
    anchor: "other/require-ingress-https",
    title: "Require Ingress HTTPS",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Ingress",
    description:
      "Ingresses should accept only secure traffic. An Ingress must set the annotation kubernetes.io/ingress.allow-http to \"false\" in metadata.annotations (absent or any other value is a violation), and must define spec.tls.",
    remediation: "Add the annotation kubernetes.io/ingress.allow-http: \"false\" and a spec.tls section naming the hosts and their certificate Secret.",
  },
  match: { kinds: [OTHER_KINDS.Ingress] },
  violations: ({ object, metadata }) => [
    violation({
      when: ne(read(at(metadata.annotations, ALLOW_HTTP), ""), "false"),
      field: msg`metadata.annotations.${ALLOW_HTTP}`,
      message: msg`the Ingress allows plain HTTP: set the annotation ${ALLOW_HTTP} to "false"`,
    }),
    violation({
      when: not(exists(typed<V1Ingress>(object).spec.tls)),
      field: typed<V1Ingress>(object).spec.tls,
      message: msg`the Ingress defines no TLS: add spec.tls with the hosts and the Secret holding their certificate`,
    }),
  ],
  examples: {
    denied: [
      { title: "TLS defined but HTTP not disabled", object: ingress("http-allowed", { [ALLOW_HTTP]: "true" }, true) },
      { title: "TLS defined but the annotation is missing", object: ingress("no-annotation", undefined, true) },
      { title: "HTTP disabled but no TLS", object: ingress("no-tls", { [ALLOW_HTTP]: "false" }, false) },
    ],
    allowed: [{ title: "HTTP disabled and TLS defined", object: ingress("https-only", { [ALLOW_HTTP]: "false" }, true) }],
  },
});

function ingress(name: string, annotations: Record<string, string> | undefined, tls: boolean): ExampleObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "default", ...(annotations ? { annotations } : {}) },
    spec: {
      rules: [
        {
          host: "app.example.com",
          http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "app", port: { number: 80 } } } }] },
        },
      ],
      ...(tls ? { tls: [{ hosts: ["app.example.com"], secretName: "app-tls" }] } : {}),
    },
  };
}
