/**
 * The property-based harness: for every rule and every kind it matches, generated manifests go
 * through the oracle (its interpreter, the reference, and its compiled form), opa-wasm and the CEL
 * evaluator; any disagreement is shrunk and reported
 * with its seed; every rule must deny and allow on every kind; and seeded samples run through
 * the real `kyverno test`, `gator verify` and `opa eval`.
 *
 * @packageDocumentation
 */
export {
  checkParameterDraws,
  checkRule,
  checkRuleOnKind,
  COMPILED_ORACLE,
  enginesForRule,
  formatDisagreement,
  type Disagreement,
  type JudgedEngine,
  type KindOutcome,
  type ParameterDrawOutcome,
  type PropertyOptions,
  type RuleEngines,
} from "./property-check.js";
export { generatedKindsOf } from "./rule-kinds.js";
export {
  COVERAGE_FLOOR,
  coverageShortfalls,
  createCoverageCounter,
  type CoverageCounter,
  type FieldCount,
  type FieldCoverage,
} from "./field-coverage.js";
export { witnessesOf, type WitnessOutcome } from "./witnesses.js";
export { runCliBatch, type CliBatchResult } from "./cli-batch.js";
export {
  disagreementsOf,
  formatHarnessSummary,
  runHarness,
  type HarnessOptions,
  type HarnessReport,
} from "./run-harness.js";
export {
  runAdmissionConformance,
  type AdmissionDisagreement,
  type AdmissionOperation,
  type AdmissionOptions,
  type AdmissionReport,
  type AdmissionTargetReport,
  type PolicyRejection,
} from "./admission/run-admission.js";
export { ADMISSION_TARGETS, type AdmissionTarget } from "./admission/admission-policies.js";
export type { AdmissionOutcome } from "./admission/admission-outcome.js";
export { ruleMutants, type MutationOperator, type RuleMutant } from "./mutation/rule-mutants.js";
export {
  checkRuleMutants,
  exampleCases,
  type MutantOutcome,
  type MutantWitness,
  type MutationCase,
  type MutationOptions,
  type MutationReport,
} from "./mutation/mutation-check.js";
export { drawParameterSets, PARAMETER_DRAWS, withParameterDefaults } from "./parameter-draws.js";
