import type { V1Ingress } from "@kubernetes/client-node";
import {
  and,
  at,
  defineRule,
  eq,
  exampleIngress,
  fieldPath,
  gt,
  ifThen,
  matches,
  msg,
  not,
  param,
  read,
  size,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";

const ALLOW_HTTP = "kubernetes.io/ingress.allow-http";

const HOSTS = ["app.aibos.example"];
const TLS = [{ hosts: HOSTS, secretName: "app-tls" }];
/** The annotation turning plain HTTP on or off. */
const allowHttp = (value: string) => ({ annotations: { [ALLOW_HTTP]: value } });

/** Ingresses must be HTTPS only: TLS configured (unless optional) and plain HTTP turned off by annotation. */
export default defineRule({
  examples: {
    denied: [
      { title: "no TLS and no allow-http annotation", object: exampleIngress("plain", HOSTS) },
      {
        title: "TLS configured but HTTP still allowed",
        object: exampleIngress("http-allowed", HOSTS, { tls: TLS }, allowHttp("true")),
      },
      {
        title: "the annotation without TLS",
        object: exampleIngress("no-tls", HOSTS, {}, allowHttp("false")),
      },
      {
        title: "an empty TLS list",
        object: exampleIngress("empty-tls", HOSTS, { tls: [] }, allowHttp("false")),
      },
      {
        title: "no annotation when TLS is optional",
        object: exampleIngress("optional-no-annotation", HOSTS, { tls: TLS }),
        params: { tlsOptional: true },
      },
    ],
    allowed: [
      {
        title: "TLS configured and HTTP turned off",
        object: exampleIngress("https-only", HOSTS, { tls: TLS }, allowHttp("false")),
      },
      {
        title: "an empty TLS entry counts as configured",
        object: exampleIngress("default-cert", HOSTS, { tls: [{}] }, allowHttp("false")),
      },
      {
        title: "the annotation alone when TLS is optional",
        object: exampleIngress("optional-tls", HOSTS, {}, allowHttp("false")),
        params: { tlsOptional: true },
      },
    ],
  },
  meta: {
    id: "k8shttpsonly",
    anchor: "general/httpsonly",
    constraintKind: "K8sHttpsOnly",
    title: "HTTPS Only",
    category: "general",
    severity: "high",
    gate: 4,
    subject: "Ingress",
    description:
      "Requires Ingress resources (apiVersion extensions/* or networking.k8s.io/*) to be HTTPS only: metadata.annotations `kubernetes.io/ingress.allow-http` must be `false`, and spec.tls must hold at least one entry (an empty entry `{}` counts, for the controller's default certificate). With `tlsOptional` set to true only the annotation is required.",
    remediation:
      'Add a spec.tls entry for the Ingress hosts and set the kubernetes.io/ingress.allow-http annotation to "false".',
  },
  match: { kinds: [OTHER_KINDS.Ingress] },
  params: {
    tlsOptional: param.boolean(
      "When true, spec.tls is optional and only the allow-http=false annotation is required; defaults to false.",
      false,
    ),
  },
  violations: ({ object, metadata, params }) => {
    const ing = typed<V1Ingress>(object);
    const isIngress = and(
      eq(read(ing.kind, ""), "Ingress"),
      matches(read(ing.apiVersion, ""), "^(extensions|networking\\.k8s\\.io)/"),
    );
    const annotation = at(metadata.annotations, ALLOW_HTTP);
    const httpOff = eq(read(annotation, ""), "false");
    const hasTls = gt(size(read(ing.spec.tls, [])), 0);
    const tlsOptional = eq(params.tlsOptional, true);
    return [
      violation({
        when: and(isIngress, not(tlsOptional), not(and(hasTls, httpOff))),
        field: ifThen(httpOff, fieldPath(ing.spec.tls), msg`metadata.annotations.${ALLOW_HTTP}`),
        message: msg`Ingress should be https. tls configuration and allow-http=false annotation are required for ${metadata.name}: add spec.tls and set the ${ALLOW_HTTP} annotation to "false"`,
      }),
      violation({
        when: and(isIngress, tlsOptional, not(httpOff)),
        field: msg`metadata.annotations.${ALLOW_HTTP}`,
        message: msg`Ingress should be https. The allow-http=false annotation is required for ${metadata.name}: set the ${ALLOW_HTTP} annotation to "false"`,
      }),
    ];
  },
});
