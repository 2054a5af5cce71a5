/** The API version and kind of a generated manifest, with where its pod spec sits. */
export interface GeneratedKindInfo {
  /** The `apiVersion` (`apps/v1`). */
  readonly apiVersion: string;
  /** The `kind` (`Deployment`). */
  readonly kind: GeneratedKind;
  /** Where the pod spec sits, for Pod and every controller of pods. */
  readonly podSpecPath?: readonly string[];
  /** Whether objects of this kind live in a namespace. */
  readonly namespaced: boolean;
}

/** The kinds the generators produce: those the rule catalogue matches. */
export type GeneratedKind =
  | "Pod"
  | "Deployment"
  | "StatefulSet"
  | "DaemonSet"
  | "ReplicaSet"
  | "ReplicationController"
  | "Job"
  | "CronJob"
  | "Rollout"
  | "Service"
  | "Ingress"
  | "NetworkPolicy"
  | "Role"
  | "ClusterRole"
  | "RoleBinding"
  | "ClusterRoleBinding"
  | "Namespace"
  | "ConfigMap"
  | "Secret";

const TEMPLATE = ["spec", "template", "spec"] as const;

/** Every generated kind with its `apiVersion`, namespace scope and pod-spec path. */
export const GENERATED_KINDS: readonly GeneratedKindInfo[] = [
  { apiVersion: "v1", kind: "Pod", podSpecPath: ["spec"], namespaced: true },
  { apiVersion: "apps/v1", kind: "Deployment", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "apps/v1", kind: "StatefulSet", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "apps/v1", kind: "DaemonSet", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "apps/v1", kind: "ReplicaSet", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "v1", kind: "ReplicationController", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "batch/v1", kind: "Job", podSpecPath: TEMPLATE, namespaced: true },
  {
    apiVersion: "batch/v1",
    kind: "CronJob",
    podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
    namespaced: true,
  },
  { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", podSpecPath: TEMPLATE, namespaced: true },
  { apiVersion: "v1", kind: "Service", namespaced: true },
  { apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespaced: true },
  { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespaced: true },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", namespaced: true },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespaced: false },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", namespaced: true },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespaced: false },
  { apiVersion: "v1", kind: "Namespace", namespaced: false },
  { apiVersion: "v1", kind: "ConfigMap", namespaced: true },
  { apiVersion: "v1", kind: "Secret", namespaced: true },
];

/**
 * The description of a generated kind.
 *
 * @param kind - a kind name such as `Deployment`
 * @returns its `apiVersion`, scope and pod-spec path
 * @throws Error when the kind is not one the generators produce
 */
export function generatedKindInfo(kind: string): GeneratedKindInfo {
  const info = GENERATED_KINDS.find((k) => k.kind === kind);
  if (!info)
    throw new Error(
      `no generator for kind ${kind}; known kinds: ${GENERATED_KINDS.map((k) => k.kind).join(", ")}`,
    );
  return info;
}

/**
 * Whether a string names a generated kind.
 *
 * @param kind - a kind name
 * @returns true for a kind in {@link GENERATED_KINDS}
 */
export function isGeneratedKind(kind: string): kind is GeneratedKind {
  return GENERATED_KINDS.some((k) => k.kind === kind);
}
