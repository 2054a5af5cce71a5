/**
 * Compiles the rule IR to CEL: a Kyverno ValidatingPolicy, a Kyverno ClusterPolicy with
 * `validate.cel` (for Kyverno before ValidatingPolicy) and a native ValidatingAdmissionPolicy
 * with its Binding per rule, fail-closed by default, and the CEL a Gatekeeper
 * ConstraintTemplate carries beside its Rego (K8sNativeValidation).
 *
 * @packageDocumentation
 */
export {
  CelExprCompiler,
  celDynLiteral,
  celLiteral,
  imagePartCel,
  podSpecExpression,
  type CelParamSource,
} from "./cel-expr.js";
export { clusterPolicyOf, CLUSTER_POLICY_RULE } from "./cluster-policy.js";
export {
  celProgramOf,
  gatekeeperCelSourceOf,
  validatingPolicyOf,
  validatingAdmissionPolicyOf,
  type CelArtifactOptions,
  type CelProgram,
  type CelValidation,
  type K8sObject,
} from "./policies.js";
