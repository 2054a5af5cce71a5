import type fc from "fast-check";
import { configMapArbitrary, secretArbitrary } from "./config-maps-and-secrets.js";
import { ingressArbitrary } from "./ingresses.js";
import type { GeneratedKind } from "./kinds.js";
import { namespaceArbitrary } from "./namespaces.js";
import { networkPolicyArbitrary } from "./network-policies.js";
import type { GeneratorOptions } from "./options.js";
import {
  clusterRoleArbitrary,
  clusterRoleBindingArbitrary,
  roleArbitrary,
  roleBindingArbitrary,
} from "./rbac.js";
import { rolloutArbitrary } from "./rollouts.js";
import { serviceArbitrary } from "./services.js";
import {
  cronJobArbitrary,
  daemonSetArbitrary,
  deploymentArbitrary,
  jobArbitrary,
  podArbitrary,
  replicaSetArbitrary,
  replicationControllerArbitrary,
  statefulSetArbitrary,
} from "./workloads.js";

/** The valid-object arbitrary of each kind. */
const ARBITRARIES: Readonly<Record<GeneratedKind, (options: GeneratorOptions) => fc.Arbitrary<object>>> = {
  Pod: podArbitrary,
  Deployment: deploymentArbitrary,
  StatefulSet: statefulSetArbitrary,
  DaemonSet: daemonSetArbitrary,
  ReplicaSet: replicaSetArbitrary,
  ReplicationController: replicationControllerArbitrary,
  Job: jobArbitrary,
  CronJob: cronJobArbitrary,
  Rollout: rolloutArbitrary,
  Service: serviceArbitrary,
  Ingress: ingressArbitrary,
  NetworkPolicy: networkPolicyArbitrary,
  Role: roleArbitrary,
  ClusterRole: clusterRoleArbitrary,
  RoleBinding: roleBindingArbitrary,
  ClusterRoleBinding: clusterRoleBindingArbitrary,
  Namespace: namespaceArbitrary,
  ConfigMap: configMapArbitrary,
  Secret: secretArbitrary,
};

/**
 * Valid manifests of a kind, as plain JSON objects.
 *
 * @param kind - the kind
 * @param options - the rule bias
 * @returns an arbitrary of manifests
 */
export function validManifestArbitrary(
  kind: GeneratedKind,
  options: GeneratorOptions = {},
): fc.Arbitrary<Record<string, unknown>> {
  return ARBITRARIES[kind](options) as fc.Arbitrary<Record<string, unknown>>;
}
