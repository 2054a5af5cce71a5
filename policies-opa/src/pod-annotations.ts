import type { V1CronJob, V1Deployment, V1Pod, V1PodSpec } from "@kubernetes/client-node";
import { and, at, eq, exampleDeployment, exists, ifThen, msg, not, or, read, typed, type ExampleObject, type Pred, type Ref, type Val, type Value } from "@tollgate/rule-dsl";

/**
 * An annotation of the pod: of the Pod itself, or of a controller's pod template (where the
 * pods it creates take their annotations from).
 *
 * @param object - the object under review
 * @param key - the annotation key
 * @returns whether it is present, its value ("" when absent) and its field path
 */
export function podAnnotation(object: Ref<unknown>, key: Val<string>): { present: Pred; value: Value<string>; path: Value<string> } {
  const kind = read(typed<V1Pod>(object).kind, "");
  const onPod = at(typed<V1Pod>(object).metadata.annotations, key);
  const onCronJob = at(typed<V1CronJob>(object).spec.jobTemplate.spec.template.metadata.annotations, key);
  const onTemplate = at(typed<V1Deployment>(object).spec.template.metadata.annotations, key);
  const isPod = eq(kind, "Pod");
  const isCronJob = eq(kind, "CronJob");
  return {
    present: or(and(isPod, exists(onPod)), and(isCronJob, exists(onCronJob)), and(not(isPod), not(isCronJob), exists(onTemplate))),
    value: ifThen(isPod, read(onPod, ""), ifThen(isCronJob, read(onCronJob, ""), read(onTemplate, ""))),
    path: msg`${ifThen(isPod, "metadata", ifThen(isCronJob, "spec.jobTemplate.spec.template.metadata", "spec.template.metadata"))}.annotations[${key}]`,
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
