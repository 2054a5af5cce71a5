import type { V1Container, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";
import type { Json } from "./ir.js";

/** A Kubernetes object as example data. */
export type ExampleObject = { readonly [key: string]: Json };

function plain(v: unknown): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

/**
 * A container for examples: a name and an image, plus whatever the example sets.
 *
 * @param name - the container name
 * @param fields - more fields (typed as `V1Container`)
 * @returns the container
 */
export function exampleContainer(name: string, fields: Omit<Partial<V1Container>, "name"> = {}): V1Container {
  return { name, image: "registry.aibos.internal/app:1.0.0", ...fields };
}

/**
 * A Pod for examples.
 *
 * @param name - its name
 * @param spec - its spec (typed as `V1PodSpec`)
 * @param metadata - more metadata
 * @returns the Pod
 */
export function examplePod(name: string, spec: V1PodSpec, metadata: Partial<V1ObjectMeta> = {}): ExampleObject {
  return plain({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", ...metadata }, spec }) as ExampleObject;
}

/**
 * A Deployment for examples, with the pod spec in its template.
 *
 * @param name - its name
 * @param spec - the pod spec (typed as `V1PodSpec`)
 * @param metadata - more metadata
 * @returns the Deployment
 */
export function exampleDeployment(name: string, spec: V1PodSpec, metadata: Partial<V1ObjectMeta> = {}): ExampleObject {
  return plain({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", ...metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...(metadata.labels ?? {}) } }, spec },
    },
  }) as ExampleObject;
}

/**
 * A CronJob for examples, with the pod spec in its job template.
 *
 * @param name - its name
 * @param spec - the pod spec (typed as `V1PodSpec`)
 * @returns the CronJob
 */
export function exampleCronJob(name: string, spec: V1PodSpec): ExampleObject {
  return plain({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", ...spec } } } } },
  }) as ExampleObject;
}
