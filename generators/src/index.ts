/**
 * fast-check arbitraries for Kubernetes manifests: valid objects of every kind the rule
 * catalogue matches (Pod and its controllers, Argo Rollout, Service, Ingress, NetworkPolicy,
 * RBAC, Namespace, ConfigMap, Secret), objects targeted at one rule's literals and fields, and hostile objects the API server
 * would reject. Every generated value is plain JSON: no `undefined`, no class instances; an
 * optional field is absent, `null`, empty or set.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { manifestArbitrary, ruleTargetedArbitrary } from "@tollgate/generators";
 * fc.assert(fc.property(ruleTargetedArbitrary(rule, "Deployment"), (d) => agree(rule, d)));
 * fc.assert(fc.property(manifestArbitrary("Pod", { mode: "hostile" }), (p) => noCrash(rule, p)));
 * ```
 * @packageDocumentation
 */
export { manifestArbitrary } from "./manifests.js";
export {
  GENERATED_KINDS,
  generatedKindInfo,
  isGeneratedKind,
  type GeneratedKind,
  type GeneratedKindInfo,
} from "./kinds.js";
export type { GeneratorMode, GeneratorOptions } from "./options.js";
export {
  podArbitrary,
  deploymentArbitrary,
  statefulSetArbitrary,
  daemonSetArbitrary,
  replicaSetArbitrary,
  replicationControllerArbitrary,
  jobArbitrary,
  cronJobArbitrary,
} from "./workloads.js";
export {
  rolloutArbitrary,
  type ArgoRollout,
  type ArgoCanaryStrategy,
  type ArgoCanaryStep,
  type ArgoBlueGreenStrategy,
  type ArgoRolloutAnalysis,
  type ArgoAnalysisTemplateRef,
} from "./rollouts.js";
export { serviceArbitrary } from "./services.js";
export { ingressArbitrary } from "./ingresses.js";
export { networkPolicyArbitrary } from "./network-policies.js";
export {
  roleArbitrary,
  clusterRoleArbitrary,
  roleBindingArbitrary,
  clusterRoleBindingArbitrary,
} from "./rbac.js";
export { namespaceArbitrary } from "./namespaces.js";
export { configMapArbitrary, secretArbitrary } from "./config-maps-and-secrets.js";
export { podSpecArbitrary, RESTART_POLICIES, type PodSpecSettings, type RestartPolicy } from "./pod-spec.js";
export { containerArbitrary, type ContainerRole } from "./containers.js";
export { imageReferenceArbitrary, IMAGE_REFERENCE_PATTERN } from "./images.js";
export { quantityArbitrary, KUBERNETES_QUANTITY_PATTERN, type QuantityResource } from "./quantities.js";
export {
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  DNS1035_LABEL_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  PORT_NAME_PATTERN,
} from "./names.js";
export {
  optional,
  ABSENT,
  DEFAULT_OPTIONAL_WEIGHTS,
  type Absent,
  type Optional,
  type OptionalSettings,
  type OptionalWeights,
} from "./optional.js";
export { objectOf, type FieldArbitraries } from "./records.js";
export {
  biasFromRule,
  type GeneratorBias,
  type BiasTarget,
  type BiasHint,
  type BiasScope,
  type BiasRelation,
  type BiasImagePart,
  type BiasLiteral,
  type BiasValueType,
} from "./bias.js";
export { ruleTargetedArbitrary } from "./targeted.js";
export { hostileManifestArbitrary, HOSTILE_MUTATIONS, type HostileMutation } from "./hostile.js";
