/**
 * Compiles the rule IR to Rego v1: a Gatekeeper ConstraintTemplate and Constraint per rule,
 * and the modules of an OPA bundle whose admission entrypoint takes an AdmissionReview.
 *
 * Messages are built with `concat` of strings only, so they read the same in the Go engine
 * and in opa-wasm (whose `sprintf` follows sprintf-js).
 *
 * @packageDocumentation
 */
export { compileRuleModule, bundlePackageOf, regoIdentifier, type RegoFlavour } from "./rego-module.js";
export { RegoExprCompiler, regoLiteral } from "./rego-expr.js";
export {
  constraintTemplateOf,
  constraintOf,
  constraintKindOf,
  type ArtifactOptions,
  type K8sObject,
} from "./gatekeeper.js";
export {
  admissionModule,
  bundleSourcesOf,
  ADMISSION_PACKAGE,
  BUNDLE_ENTRYPOINTS,
  type BundleSources,
} from "./bundle.js";
