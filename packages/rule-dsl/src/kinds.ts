import type { KindIR } from "./ir.js";

const TEMPLATE = ["spec", "template", "spec"] as const;

/** Pod and every controller with a pod template, with where each keeps its pod spec. */
export const POD_CONTROLLER_KINDS: readonly KindIR[] = [
  { group: "", version: "v1", kind: "Pod", resource: "pods", podSpecPath: ["spec"] },
  { group: "apps", version: "v1", kind: "Deployment", resource: "deployments", podSpecPath: TEMPLATE },
  { group: "apps", version: "v1", kind: "StatefulSet", resource: "statefulsets", podSpecPath: TEMPLATE },
  { group: "apps", version: "v1", kind: "DaemonSet", resource: "daemonsets", podSpecPath: TEMPLATE },
  { group: "apps", version: "v1", kind: "ReplicaSet", resource: "replicasets", podSpecPath: TEMPLATE },
  {
    group: "",
    version: "v1",
    kind: "ReplicationController",
    resource: "replicationcontrollers",
    podSpecPath: TEMPLATE,
  },
  { group: "batch", version: "v1", kind: "Job", resource: "jobs", podSpecPath: TEMPLATE },
  {
    group: "batch",
    version: "v1",
    kind: "CronJob",
    resource: "cronjobs",
    podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
  },
];

/**
 * Where the pod spec of an object of this kind sits, or `undefined` for a kind without one.
 *
 * @param kind - the object's kind
 * @returns the path of its pod spec
 */
export function podSpecPathOf(kind: string): readonly string[] | undefined {
  return POD_CONTROLLER_KINDS.find((k) => k.kind === kind)?.podSpecPath;
}

/** Kinds without a pod spec that rules match, by kind name. */
export const OTHER_KINDS = {
  Namespace: { group: "", version: "v1", kind: "Namespace", resource: "namespaces" },
  Service: { group: "", version: "v1", kind: "Service", resource: "services" },
  ConfigMap: { group: "", version: "v1", kind: "ConfigMap", resource: "configmaps" },
  Secret: { group: "", version: "v1", kind: "Secret", resource: "secrets" },
  Ingress: { group: "networking.k8s.io", version: "v1", kind: "Ingress", resource: "ingresses" },
  NetworkPolicy: {
    group: "networking.k8s.io",
    version: "v1",
    kind: "NetworkPolicy",
    resource: "networkpolicies",
  },
  Role: { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", resource: "roles" },
  ClusterRole: {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "ClusterRole",
    resource: "clusterroles",
  },
  RoleBinding: {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "RoleBinding",
    resource: "rolebindings",
  },
  ClusterRoleBinding: {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "ClusterRoleBinding",
    resource: "clusterrolebindings",
  },
  Rollout: { group: "argoproj.io", version: "v1alpha1", kind: "Rollout", resource: "rollouts" },
} as const satisfies Readonly<Record<string, KindIR>>;
