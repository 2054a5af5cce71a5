/**
 * In-process engines behind one interface: the oracle, opa-wasm over the compiled bundle, and
 * a CEL evaluator. CEL runs on `@tollgate/cel-evaluator` (the CEL our compiler emits, compiled
 * to closures), with `@marcbachmann/cel-js` for what that does not model: cel-js parses the optional syntax
 * (`a.?b.orValue(x)`) that Kyverno and Kubernetes CEL use everywhere and has the string
 * functions our rules need (`split`, `indexOf`, `substring`, `matches`); `@bufbuild/cel` 0.6
 * does not parse `.?` at all. Its regular expressions are JavaScript's, so rules keep to the
 * subset RE2 and JavaScript agree on (enforced by `matches()` in the DSL).
 *
 * @packageDocumentation
 */
export type { Engine, EngineInput, EngineResult, EngineVerdict, RuleParams } from "./engine.js";
export { createOracleEngine, type OracleEngineOptions } from "./oracle-engine.js";
export { createRegoEngine, buildWasmBundle } from "./rego-engine.js";
export { buildOpaWasmBundle, wasmCapabilities, type OpaWasmBundleSources } from "./opa-wasm-build.js";
export { createCelEngine, type CelEngine, type CelEngineOptions } from "./cel-engine.js";
export { checkRuleExamples, createExampleChecker, type ExampleMismatch } from "./check-examples.js";
