import type fc from "fast-check";
import { hostileManifestArbitrary } from "./hostile.js";
import type { GeneratedKind } from "./kinds.js";
import type { GeneratorOptions } from "./options.js";
import { validManifestArbitrary } from "./valid-manifests.js";

/**
 * Manifests of a kind as plain JSON objects: valid ones (the default) or, with
 * `options.mode: "hostile"`, ones the API server would reject; biased towards a rule's literals
 * and fields with `options.bias`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(manifestArbitrary("Deployment"), (d) => engine.review(d).verdict === oracle(d).verdict));
 * ```
 * @param kind - the kind (see {@link GENERATED_KINDS})
 * @param options - bias and mode
 * @returns an arbitrary of manifests
 */
export function manifestArbitrary(
  kind: GeneratedKind,
  options: GeneratorOptions = {},
): fc.Arbitrary<Record<string, unknown>> {
  return options.mode === "hostile"
    ? hostileManifestArbitrary(kind, options)
    : validManifestArbitrary(kind, options);
}
