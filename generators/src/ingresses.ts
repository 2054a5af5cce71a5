import fc from "fast-check";
import type {
  V1HTTPIngressPath,
  V1Ingress,
  V1IngressBackend,
  V1IngressRule,
  V1IngressSpec,
  V1IngressTLS,
} from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import {
  dns1035LabelArbitrary,
  dns1123SubdomainArbitrary,
  domainNameArbitrary,
  portNameArbitrary,
} from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { ABSENT, optional, optionalList } from "./optional.js";
import { portNumberArbitrary } from "./ports.js";
import { objectOf } from "./records.js";

/** A backend: a Service by name with a port number or name. */
function backendArbitrary(): fc.Arbitrary<V1IngressBackend> {
  const port = fc.oneof(
    portNumberArbitrary().map((number) => ({ number })),
    portNameArbitrary().map((name) => ({ name })),
  );
  return fc.tuple(dns1035LabelArbitrary(), port).map(([name, p]) => ({ service: { name, port: p } }));
}

/** A host: a domain, or a wildcard over one. */
function hostArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: domainNameArbitrary(), weight: 4 },
    { arbitrary: domainNameArbitrary().map((d) => `*.${d}`), weight: 1 },
  );
}

function pathArbitrary(): fc.Arbitrary<V1HTTPIngressPath> {
  return objectOf<V1HTTPIngressPath>({
    path: fc.constantFrom("/", "/api", "/api/v1", "/static/", "/healthz"),
    pathType: fc.constantFrom("Prefix", "Exact", "ImplementationSpecific"),
    backend: backendArbitrary(),
  });
}

function ruleArbitrary(): fc.Arbitrary<V1IngressRule> {
  return objectOf<V1IngressRule>({
    host: optional(hostArbitrary()),
    http: fc
      .uniqueArray(pathArbitrary(), {
        selector: (p) => `${p.path ?? ""} ${p.pathType}`,
        minLength: 1,
        maxLength: 3,
      })
      .map((paths) => ({ paths })),
  });
}

function tlsArbitrary(): fc.Arbitrary<V1IngressTLS> {
  return objectOf<V1IngressTLS>({
    hosts: optionalList(fc.uniqueArray(domainNameArbitrary(), { minLength: 1, maxLength: 2 })),
    secretName: optional(dns1123SubdomainArbitrary()),
  });
}

/**
 * An Ingress (networking.k8s.io/v1): rules with hosts (sometimes wildcards) and paths to Service
 * backends, or a default backend, or both; TLS sections; an ingress class.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Ingresses
 */
export function ingressArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Ingress> {
  const spec = fc
    .tuple(
      objectOf<V1IngressSpec>({
        ingressClassName: optional(fc.constantFrom("nginx", "traefik", "alb", "internal")),
        tls: optionalList(fc.array(tlsArbitrary(), { minLength: 1, maxLength: 2 })),
        defaultBackend: fc.constant(ABSENT),
      }),
      fc.constantFrom("rules", "default", "both"),
      fc.array(ruleArbitrary(), { minLength: 1, maxLength: 3 }),
      backendArbitrary(),
    )
    .map(([base, shape, rules, defaultBackend]): V1IngressSpec => {
      // The API requires rules or a default backend.
      const out: V1IngressSpec = { ...base };
      if (shape !== "rules") out.defaultBackend = defaultBackend;
      if (shape !== "default") out.rules = rules;
      return out;
    });
  return manifestOf<V1Ingress>("Ingress", { spec }, options);
}
