import fc from "fast-check";
import type {
  V1IPBlock,
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1NetworkPolicySpec,
} from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import { labelsArbitrary } from "./metadata.js";
import { labelKeyArbitrary, portNameArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { optional, optionalList, optionalObject } from "./optional.js";
import { objectOf } from "./records.js";

/**
 * A label selector: `{}` (everything), match labels, match expressions, or both.
 *
 * @returns an arbitrary of label selectors
 */
export function labelSelectorArbitrary(): fc.Arbitrary<V1LabelSelector> {
  const expression = fc.oneof(
    fc
      .tuple(
        labelKeyArbitrary(),
        fc.constantFrom("In", "NotIn"),
        fc.uniqueArray(fc.constantFrom("prod", "staging", "web", "db"), { minLength: 1, maxLength: 2 }),
      )
      .map(([key, operator, values]) => ({ key, operator, values })),
    fc
      .tuple(labelKeyArbitrary(), fc.constantFrom("Exists", "DoesNotExist"))
      .map(([key, operator]) => ({ key, operator })),
  );
  return objectOf<V1LabelSelector>({
    matchLabels: optionalObject(labelsArbitrary({ minLength: 1, maxLength: 2 })),
    matchExpressions: optionalList(fc.array(expression, { minLength: 1, maxLength: 2 }), { absent: 5 }),
  });
}

function ipBlockArbitrary(): fc.Arbitrary<V1IPBlock> {
  return fc.oneof(
    fc.constant(null).map((): V1IPBlock => ({ cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] })),
    fc
      .constantFrom("10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "::/0", "203.0.113.0/24")
      .map((cidr): V1IPBlock => ({ cidr })),
  );
}

function peerArbitrary(): fc.Arbitrary<V1NetworkPolicyPeer> {
  return fc.oneof(
    labelSelectorArbitrary().map((podSelector) => ({ podSelector })),
    labelSelectorArbitrary().map((namespaceSelector) => ({ namespaceSelector })),
    fc
      .tuple(labelSelectorArbitrary(), labelSelectorArbitrary())
      .map(([namespaceSelector, podSelector]) => ({ namespaceSelector, podSelector })),
    ipBlockArbitrary().map((ipBlock) => ({ ipBlock })),
  );
}

/** A port: a number (sometimes with an end port), a name, or none (all ports of the protocol). */
function policyPortArbitrary(): fc.Arbitrary<V1NetworkPolicyPort> {
  const protocol = optional(fc.constantFrom("TCP", "UDP", "SCTP"));
  return fc.oneof(
    objectOf<V1NetworkPolicyPort>({ protocol, port: fc.integer({ min: 1, max: 65535 }) }),
    fc
      .tuple(fc.integer({ min: 1, max: 65000 }), fc.integer({ min: 0, max: 535 }))
      .map(([port, span]): V1NetworkPolicyPort => ({ protocol: "TCP", port, endPort: port + span })),
    objectOf<V1NetworkPolicyPort>({ protocol, port: portNameArbitrary() }),
    objectOf<V1NetworkPolicyPort>({ protocol }),
  );
}

/**
 * A NetworkPolicy: a pod selector (often `{}`), policy types, and ingress and egress rules
 * whose peer and port lists are absent, `null`, empty (allow all) or set.
 *
 * @param options - the rule bias
 * @returns an arbitrary of NetworkPolicies
 */
export function networkPolicyArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1NetworkPolicy> {
  const peers = optionalList(fc.array(peerArbitrary(), { minLength: 1, maxLength: 2 }));
  const ports = optionalList(fc.array(policyPortArbitrary(), { minLength: 1, maxLength: 2 }));
  const spec = objectOf<V1NetworkPolicySpec>({
    podSelector: fc.oneof(
      fc.constant(null).map((): V1LabelSelector => ({})),
      labelSelectorArbitrary(),
    ),
    policyTypes: optional(fc.constantFrom(["Ingress"], ["Egress"], ["Ingress", "Egress"]).map((t) => [...t])),
    ingress: optionalList(
      fc.array(objectOf<V1NetworkPolicyIngressRule>({ _from: peers, ports }), { minLength: 1, maxLength: 2 }),
    ),
    egress: optionalList(
      fc.array(objectOf<V1NetworkPolicyEgressRule>({ to: peers, ports }), { minLength: 1, maxLength: 2 }),
    ),
  });
  return manifestOf<V1NetworkPolicy>("NetworkPolicy", { spec: spec.map(renameFrom) }, options);
}

/** The client library calls the `from` field `_from`; manifests use `from`. */
function renameFrom(spec: V1NetworkPolicySpec): V1NetworkPolicySpec {
  if (!Array.isArray(spec.ingress)) return spec;
  const ingress = spec.ingress.map((rule) => {
    const { _from, ...rest } = rule;
    return (_from === undefined ? rest : { from: _from, ...rest }) as V1NetworkPolicyIngressRule;
  });
  return { ...spec, ingress };
}
