import fc from "fast-check";
import type { V1ObjectMeta } from "@kubernetes/client-node";
import { withBias } from "./bias-overlay.js";
import { cloneJson } from "./json-paths.js";
import { generatedKindInfo, type GeneratedKind } from "./kinds.js";
import { objectMetaArbitrary } from "./metadata.js";
import { dns1123SubdomainArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { objectOf, type FieldArbitraries } from "./records.js";

/** The top-level fields of a manifest besides `apiVersion` and `kind`. */
export type ManifestBody<T> = Omit<FieldArbitraries<T>, "apiVersion" | "kind">;

/** How {@link manifestOf} names the object and finishes it. */
export interface ManifestShape<T> {
  /** The arbitrary of the object's name (a DNS-1123 subdomain when not given). */
  readonly name?: fc.Arbitrary<string>;
  /** A last step on a copy of the generated object, before the bias is applied. */
  readonly finish?: (manifest: T) => T;
}

/**
 * A manifest of a kind: `apiVersion` and `kind` first, then the given fields (metadata with a
 * name when not given), with the rule bias of `options` applied.
 *
 * @param kind - the kind
 * @param body - the arbitraries of the other top-level fields
 * @param options - the bias to apply
 * @param shape - the arbitrary of the object's name, and a last step before the bias is applied
 * @returns an arbitrary of manifests
 */
export function manifestOf<T extends { apiVersion?: string; kind?: string; metadata?: V1ObjectMeta }>(
  kind: GeneratedKind,
  body: ManifestBody<T>,
  options: GeneratorOptions = {},
  shape: ManifestShape<T> = {},
): fc.Arbitrary<T> {
  const name = shape.name ?? dns1123SubdomainArbitrary();
  const info = generatedKindInfo(kind);
  const fields = {
    apiVersion: fc.constant(info.apiVersion),
    kind: fc.constant(info.kind),
    metadata: objectMetaArbitrary({ name, namespaced: info.namespaced }),
    ...body,
  } as FieldArbitraries<T>;
  const finish = shape.finish ?? ((m: T) => m);
  // A deep copy, so that no two generated objects share a nested object or list.
  const manifest = objectOf<T>(fields).map((m) => finish(cloneJson(m)));
  return withBias(manifest, { kind }, options.bias);
}
