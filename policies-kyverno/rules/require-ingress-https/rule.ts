import type { V1Ingress } from "@kubernetes/client-node";
import {
  at,
  defineRule,
  exampleIngress,
  exists,
  msg,
  ne,
  not,
  OTHER_KINDS,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";

const ALLOW_HTTP = "kubernetes.io/ingress.allow-http";
const HOSTS = ["app.example.com"];
const TLS = [{ hosts: HOSTS, secretName: "app-tls" }];

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
      'Ingresses should accept only secure traffic. An Ingress must set the annotation kubernetes.io/ingress.allow-http to "false" in metadata.annotations (absent or any other value is a violation), and must define spec.tls.',
    remediation:
      'Add the annotation kubernetes.io/ingress.allow-http: "false" and a spec.tls section naming the hosts and their certificate Secret.',
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
      {
        title: "TLS defined but HTTP not disabled",
        object: exampleIngress(
          "http-allowed",
          HOSTS,
          { tls: TLS },
          { annotations: { [ALLOW_HTTP]: "true" } },
        ),
      },
      {
        title: "TLS defined but the annotation is missing",
        object: exampleIngress("no-annotation", HOSTS, { tls: TLS }),
      },
      {
        title: "HTTP disabled but no TLS",
        object: exampleIngress("no-tls", HOSTS, {}, { annotations: { [ALLOW_HTTP]: "false" } }),
      },
    ],
    allowed: [
      {
        title: "HTTP disabled and TLS defined",
        object: exampleIngress("https-only", HOSTS, { tls: TLS }, { annotations: { [ALLOW_HTTP]: "false" } }),
      },
    ],
  },
});
