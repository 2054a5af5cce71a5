import type { V1CronJob, V1Deployment, V1Pod } from "@kubernetes/client-node";
import {
  at,
  eq,
  exists,
  ifThen,
  msg,
  named,
  namedRef,
  read,
  typed,
  type Pred,
  type Ref,
  type Val,
  type Value,
} from "../dsl.js";

/** The annotations of the pod, computed once per object (see {@link podAnnotations}). */
export interface PodAnnotations {
  /**
   * One annotation: whether it is present, its value ("" when absent) and its field path.
   *
   * @param key - the annotation key
   */
  get(key: Val<string>): { present: Pred; value: Value<string>; path: Value<string> };
}

/**
 * The annotations of the pod: of the Pod itself, or of a controller's pod template (where the
 * pods it creates take their annotations from). The map and where it sits are named
 * sub-expressions (`podAnnotations`, `podAnnotationsPath`), so a rule that reads several
 * annotations (one per container, say) computes them once per object; call it once per rule.
 *
 * @example
 * ```ts
 * violations: ({ object }) => {
 *   const annotations = podAnnotations(object);
 *   return forEachContainer((c) => {
 *     const a = annotations.get(msg`container.apparmor.security.beta.kubernetes.io/${c.name}`);
 *     return violation({ when: and(a.present, eq(a.value, "unconfined")), field: a.path, message: msg`…` });
 *   });
 * },
 * ```
 * @param object - the object under review
 * @returns the annotations
 */
export function podAnnotations(object: Ref<unknown>): PodAnnotations {
  const kind = read(typed<V1Pod>(object).kind, "");
  const isPod = eq(kind, "Pod");
  const isCronJob = eq(kind, "CronJob");
  const map = namedRef<Record<string, string>>(
    "podAnnotations",
    ifThen(
      isPod,
      read(typed<V1Pod>(object).metadata.annotations, {}),
      ifThen(
        isCronJob,
        read(typed<V1CronJob>(object).spec.jobTemplate.spec.template.metadata.annotations, {}),
        read(typed<V1Deployment>(object).spec.template.metadata.annotations, {}),
      ),
    ),
  );
  const metadataPath = named(
    "podAnnotationsPath",
    ifThen(
      isPod,
      "metadata",
      ifThen(isCronJob, "spec.jobTemplate.spec.template.metadata", "spec.template.metadata"),
    ),
  );
  return {
    get: (key) => {
      const annotation = at(map, key);
      return {
        present: exists(annotation),
        value: read(annotation, ""),
        path: msg`${metadataPath}.annotations[${key}]`,
      };
    },
  };
}
