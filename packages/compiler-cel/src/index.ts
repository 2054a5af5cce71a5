/**
 * Compiles the rule IR to CEL: a Kyverno ValidatingPolicy and a native
 * ValidatingAdmissionPolicy with its Binding per rule, fail-closed by default.
 *
 * @packageDocumentation
 */
export { CelExprCompiler, celDynLiteral, celLiteral, imagePartCel, podSpecExpression } from "./cel-expr.js";
export {
  celProgramOf,
  validatingPolicyOf,
  validatingAdmissionPolicyOf,
  type CelArtifactOptions,
  type CelProgram,
  type CelValidation,
  type K8sObject,
} from "./policies.js";
