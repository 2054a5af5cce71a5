import fc from "fast-check";
import type { V1Namespace, V1NamespaceSpec } from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import { dns1123LabelArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { optional } from "./optional.js";

/**
 * A Namespace: a DNS-1123 label name, labels (including Pod Security admission labels) and
 * annotations, and sometimes the `kubernetes` finalizer.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Namespaces
 */
export function namespaceArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Namespace> {
  const spec = optional(
    fc.constant(null).map((): V1NamespaceSpec => ({ finalizers: ["kubernetes"] })),
    { empty: {}, weights: { absent: 6 } },
  );
  const name = fc.oneof(
    fc.constantFrom("default", "kube-system", "production", "team-a"),
    dns1123LabelArbitrary(),
  );
  return manifestOf<V1Namespace>("Namespace", { spec }, options, { name });
}
