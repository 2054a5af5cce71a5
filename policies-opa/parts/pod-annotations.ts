import type { V1CronJob, V1Deployment, V1Pod, V1PodSpec } from "@kubernetes/client-node";
import { at, eq, exampleDeployment, exists, ifThen, msg, named, namedRef, read, typed, type ExampleObject, type Pred, type Ref, type Val, type Value } from "@tollgate/rule-dsl";

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
 * sub-expressions, so a rule that reads several annotations (one per container, say) computes
 * them once per object; call it once per rule.
 *
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
      ifThen(isCronJob, read(typed<V1CronJob>(object).spec.jobTemplate.spec.template.metadata.annotations, {}), read(typed<V1Deployment>(object).spec.template.metadata.annotations, {})),
    ),
  );
  const metadataPath = named("podAnnotationsPath", ifThen(isPod, "metadata", ifThen(isCronJob, "spec.jobTemplate.spec.template.metadata", "spec.template.metadata")));
  return {
    get: (key) => {
      const annotation = at(map, key);
      return { present: exists(annotation), value: read(annotation, ""), path: msg`${metadataPath}.annotations[${key}]` };
    },
  };
}

/**
 * A Deployment for examples whose pod template carries annotations (exampleDeployment puts
 * annotations on the Deployment itself).
 *
 * @param name - its name
 * @param spec - the pod spec
 * @param annotations - the pod template's annotations
 * @returns the Deployment
 */
export function deploymentWithPodAnnotations(name: string, spec: V1PodSpec, annotations: Record<string, string>): ExampleObject {
  const deployment = exampleDeployment(name, spec) as { spec: { template: { metadata: Record<string, unknown> } } };
  deployment.spec.template.metadata["annotations"] = annotations;
  return deployment as unknown as ExampleObject;
}
