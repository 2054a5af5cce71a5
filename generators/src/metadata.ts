import fc from "fast-check";
import type { V1ObjectMeta } from "@kubernetes/client-node";
import {
  annotationValueArbitrary,
  dns1123LabelArbitrary,
  dns1123SubdomainArbitrary,
  labelKeyArbitrary,
  labelValueArbitrary,
} from "./names.js";
import { ABSENT, optional, optionalObject } from "./optional.js";
import { mapOf, objectOf } from "./records.js";

/** Annotation keys that policies commonly read. */
const WELL_KNOWN_ANNOTATION_KEYS = [
  "kubernetes.io/description",
  "seccomp.security.alpha.kubernetes.io/pod",
  "container.apparmor.security.beta.kubernetes.io/app",
  "kubernetes.io/ingress.class",
  "nginx.ingress.kubernetes.io/server-snippet",
  "prometheus.io/scrape",
  "cluster-autoscaler.kubernetes.io/safe-to-evict",
  "policies.kyverno.io/scored",
] as const;

/**
 * Labels: a map of valid label keys to valid label values.
 *
 * @param bounds - how many labels, 0 to 4 when not given
 * @param bounds.minLength - the fewest labels
 * @param bounds.maxLength - the most labels
 * @returns an arbitrary of label maps
 */
export function labelsArbitrary(
  bounds: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<Record<string, string>> {
  return mapOf(labelKeyArbitrary(), labelValueArbitrary(), bounds);
}

/**
 * Annotations: valid keys (often well-known ones) to arbitrary string values.
 *
 * @returns an arbitrary of annotation maps
 */
export function annotationsArbitrary(): fc.Arbitrary<Record<string, string>> {
  const key = fc.oneof(fc.constantFrom(...WELL_KNOWN_ANNOTATION_KEYS), labelKeyArbitrary());
  return mapOf(key, annotationValueArbitrary(), { maxLength: 3 });
}

/**
 * A namespace: absent, or one of the usual ones, or generated.
 *
 * @returns an arbitrary of namespace states
 */
function namespaceArbitrary() {
  return optional(
    fc.oneof(fc.constantFrom("default", "kube-system", "production", "team-a"), dns1123LabelArbitrary()),
    {
      weights: { null: 0.5 },
    },
  );
}

/** What {@link objectMetaArbitrary} generates. */
export interface ObjectMetaSettings {
  /** The object's name; generated when not given. */
  readonly name?: fc.Arbitrary<string>;
  /** Whether the object lives in a namespace (true when not given). */
  readonly namespaced?: boolean;
  /** Labels the object must carry (a controller's selector labels); merged under the generated ones. */
  readonly requiredLabels?: fc.Arbitrary<Record<string, string>>;
  /** Whether the name is left out (pod templates have no name). */
  readonly anonymous?: boolean;
}

/**
 * Object metadata: a valid name, an optional namespace, and labels and annotations that are
 * absent, `null`, empty or set.
 *
 * @param settings - name, namespace scope and required labels
 * @returns an arbitrary of metadata
 */
export function objectMetaArbitrary(settings: ObjectMetaSettings = {}): fc.Arbitrary<V1ObjectMeta> {
  const labels = settings.requiredLabels
    ? fc
        .tuple(settings.requiredLabels, labelsArbitrary({ maxLength: 2 }))
        .map(([required, extra]) => ({ ...extra, ...required }))
    : optionalObject(labelsArbitrary({ minLength: 1 }));
  return objectOf<V1ObjectMeta>({
    name: settings.anonymous ? fc.constant(ABSENT) : (settings.name ?? dns1123SubdomainArbitrary()),
    namespace:
      settings.namespaced === false || settings.anonymous ? fc.constant(ABSENT) : namespaceArbitrary(),
    labels,
    annotations: optionalObject(annotationsArbitrary()),
  });
}
