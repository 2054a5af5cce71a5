/**
 * The reference evaluator: the rule IR's semantics in TypeScript. Every engine is judged
 * against it.
 *
 * @packageDocumentation
 */
export {
  evaluateRule,
  ruleApplies,
  type OracleResult,
  type ReviewContext,
  type Verdict,
  type ViolationResult,
} from "./evaluate.js";
export { normalizeObject, copyJson } from "./normalize.js";
export { compileRule, type CompiledRule } from "./compile.js";
