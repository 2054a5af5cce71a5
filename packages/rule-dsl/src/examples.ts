import type {
  RbacV1Subject,
  V1Container,
  V1IngressRule,
  V1IngressSpec,
  V1ObjectMeta,
  V1PodSpec,
  V1PolicyRule,
  V1ServiceSpec,
} from "@kubernetes/client-node";
import type { Json } from "./ir.js";

/** A Kubernetes object as example data. */
export type ExampleObject = { readonly [key: string]: Json };

function plain(v: unknown): ExampleObject {
  return JSON.parse(JSON.stringify(v)) as ExampleObject;
}

/** The image of example containers. */
const IMAGE = "registry.aibos.internal/app:1.0.0";

/**
 * A container for examples: a name and an image, plus whatever the example sets.
 *
 * @param name - the container name
 * @param fields - more fields (typed as `V1Container`)
 * @returns the container
 */
export function exampleContainer(name: string, fields: Omit<Partial<V1Container>, "name"> = {}): V1Container {
  return { name, image: IMAGE, ...fields };
}

/**
 * A Pod for examples.
 *
 * @param name - its name
 * @param spec - its spec (typed as `V1PodSpec`)
 * @param metadata - more metadata
 * @returns the Pod
 */
export function examplePod(
  name: string,
  spec: V1PodSpec,
  metadata: Partial<V1ObjectMeta> = {},
): ExampleObject {
  return plain({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...metadata },
    spec,
  });
}

/** What a controller example sets beyond its pod spec and its own metadata. */
export interface ExampleControllerOptions {
  /** `spec.replicas`; `null` leaves the field out. Default 2. */
  readonly replicas?: number | null;
  /**
   * More metadata of the pod template (annotations, labels), which the pods it creates carry;
   * its labels are added to the `app` label and the controller's own labels.
   */
  readonly podMetadata?: Partial<V1ObjectMeta>;
}

function replicatedController(
  apiVersion: string,
  kind: string,
  name: string,
  spec: V1PodSpec,
  metadata: Partial<V1ObjectMeta>,
  options: ExampleControllerOptions,
  extraSpec: Record<string, unknown> = {},
): ExampleObject {
  const { labels: podLabels, ...podMetadata } = options.podMetadata ?? {};
  const replicas = options.replicas === undefined ? 2 : options.replicas;
  return plain({
    apiVersion,
    kind,
    metadata: { name, namespace: "default", ...metadata },
    spec: {
      ...(replicas === null ? {} : { replicas }),
      ...extraSpec,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(metadata.labels ?? {}), ...(podLabels ?? {}) }, ...podMetadata },
        spec,
      },
    },
  });
}

/**
 * A Deployment for examples, with the pod spec in its template.
 *
 * @example
 * ```ts
 * exampleDeployment("web", { containers: [exampleContainer("app")] }, {}, { replicas: null, podMetadata: { annotations: { owner: "team-a" } } })
 * ```
 * @param name - its name
 * @param spec - the pod spec (typed as `V1PodSpec`)
 * @param metadata - more metadata of the Deployment itself (its labels also go on the pod template)
 * @param options - replicas and the pod template's metadata
 * @returns the Deployment
 */
export function exampleDeployment(
  name: string,
  spec: V1PodSpec,
  metadata: Partial<V1ObjectMeta> = {},
  options: ExampleControllerOptions = {},
): ExampleObject {
  return replicatedController("apps/v1", "Deployment", name, spec, metadata, options);
}

/**
 * A StatefulSet for examples, with the pod spec in its template and a headless Service named
 * after it.
 *
 * @param name - its name
 * @param spec - the pod spec (typed as `V1PodSpec`)
 * @param metadata - more metadata of the StatefulSet itself (its labels also go on the pod template)
 * @param options - replicas and the pod template's metadata
 * @returns the StatefulSet
 */
export function exampleStatefulSet(
  name: string,
  spec: V1PodSpec,
  metadata: Partial<V1ObjectMeta> = {},
  options: ExampleControllerOptions = {},
): ExampleObject {
  return replicatedController("apps/v1", "StatefulSet", name, spec, metadata, options, { serviceName: name });
}

/**
 * A CronJob for examples, with the pod spec in its job template.
 *
 * @param name - its name
 * @param spec - the pod spec (typed as `V1PodSpec`)
 * @param metadata - more metadata of the CronJob itself
 * @param options - the pod template's metadata (replicas do not apply)
 * @returns the CronJob
 */
export function exampleCronJob(
  name: string,
  spec: V1PodSpec,
  metadata: Partial<V1ObjectMeta> = {},
  options: Pick<ExampleControllerOptions, "podMetadata"> = {},
): ExampleObject {
  const template = {
    ...(options.podMetadata ? { metadata: options.podMetadata } : {}),
    spec: { restartPolicy: "OnFailure", ...spec },
  };
  return plain({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default", ...metadata },
    spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } },
  });
}

/**
 * A Service for examples: selects `app: <name>` and serves port 80 (`http`, TCP) from the pods'
 * port 8080, unless `spec` says otherwise.
 *
 * @example
 * ```ts
 * exampleService("public", { type: "LoadBalancer", externalIPs: ["203.0.113.10"] })
 * ```
 * @param name - its name
 * @param spec - spec fields, over the defaults (typed as `V1ServiceSpec`: `type`, `ports`, `externalIPs`…)
 * @param metadata - more metadata
 * @returns the Service
 */
export function exampleService(
  name: string,
  spec: V1ServiceSpec = {},
  metadata: Partial<V1ObjectMeta> = {},
): ExampleObject {
  return plain({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", ...metadata },
    spec: {
      selector: { app: name },
      ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }],
      ...spec,
    },
  });
}

/**
 * An Ingress for examples, one entry of `spec.rules` per entry of `rules`: a host name is a rule
 * for that host routing `/` to the Service `app` on port 80, `undefined` the same rule without a
 * host, and an object a rule written out (`{ host: "app.example.com" }` has no http section).
 * An empty `rules` leaves `spec.rules` out, as the API server stores it.
 *
 * @example
 * ```ts
 * exampleIngress("web", ["app.example.com"], { tls: [{ hosts: ["app.example.com"], secretName: "app-tls" }] })
 * ```
 * @param name - its name
 * @param rules - the rules, by host or written out
 * @param spec - more spec fields (typed as `V1IngressSpec`: `tls`, `defaultBackend`, `ingressClassName`)
 * @param metadata - more metadata (annotations)
 * @returns the Ingress
 */
export function exampleIngress(
  name: string,
  rules: readonly (string | undefined | V1IngressRule)[],
  spec: Omit<V1IngressSpec, "rules"> = {},
  metadata: Partial<V1ObjectMeta> = {},
): ExampleObject {
  const toRule = (r: string | undefined | V1IngressRule): V1IngressRule =>
    typeof r === "object"
      ? r
      : {
          ...(r === undefined ? {} : { host: r }),
          http: {
            paths: [
              { path: "/", pathType: "Prefix", backend: { service: { name: "app", port: { number: 80 } } } },
            ],
          },
        };
  return plain({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "default", ...metadata },
    spec: { ...(rules.length === 0 ? {} : { rules: rules.map(toRule) }), ...spec },
  });
}

/**
 * A Role (in `default`) or ClusterRole for examples.
 *
 * @param kind - Role or ClusterRole
 * @param name - its name
 * @param rules - its rules (typed as `V1PolicyRule`); absent for a role without rules
 * @returns the role
 */
export function exampleRole(
  kind: "Role" | "ClusterRole",
  name: string,
  rules?: readonly V1PolicyRule[],
): ExampleObject {
  return plain({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: kind === "Role" ? { name, namespace: "default" } : { name },
    ...(rules ? { rules } : {}),
  });
}

/**
 * A RoleBinding (in `default`) or ClusterRoleBinding for examples.
 *
 * @example
 * ```ts
 * exampleRoleBinding("ClusterRoleBinding", "admins", { kind: "ClusterRole", name: "cluster-admin" })
 * ```
 * @param kind - RoleBinding or ClusterRoleBinding
 * @param name - its name
 * @param roleRef - the role it grants (its apiGroup is rbac.authorization.k8s.io)
 * @param subjects - whom it grants it to (typed as `RbacV1Subject`); default: the Group `team-a`.
 * An empty list leaves `subjects` out, as the API server stores it.
 * @returns the binding
 */
export function exampleRoleBinding(
  kind: "RoleBinding" | "ClusterRoleBinding",
  name: string,
  roleRef: { readonly kind: "Role" | "ClusterRole"; readonly name: string },
  subjects: readonly RbacV1Subject[] = [
    { kind: "Group", name: "team-a", apiGroup: "rbac.authorization.k8s.io" },
  ],
): ExampleObject {
  return plain({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata: kind === "RoleBinding" ? { name, namespace: "default" } : { name },
    ...(subjects.length === 0 ? {} : { subjects }),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
  });
}
