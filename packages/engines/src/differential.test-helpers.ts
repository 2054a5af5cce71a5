import type { RuleIR, RuleMetadata } from "@tollgate/rule-dsl";
import { createCelEngine } from "./cel-engine.js";
import type { Engine } from "./engine.js";
import { createOracleEngine } from "./oracle-engine.js";
import { createRegoEngine } from "./rego-engine.js";

/**
 * The metadata of a test rule on ConfigMaps, which reads its inputs from the ConfigMap's data.
 *
 * @param id - the rule's id
 * @returns the metadata
 */
export function configMapTestMeta(id: string): RuleMetadata {
  return {
    id,
    title: "t",
    category: "Other",
    severity: "low",
    gate: 4,
    subject: "ConfigMap",
    description: "d",
    remediation: "r",
  };
}

/**
 * Every in-process engine over one rule, by name: the oracle's interpreter and compiled form,
 * opa-wasm, the compiled CEL evaluator and cel-js.
 *
 * @param rule - the rule
 * @returns the engines
 */
export async function everyEngine(rule: RuleIR): Promise<[string, Engine][]> {
  const input = { rules: [rule] };
  return [
    ["oracle", createOracleEngine(input, { mode: "interpreted" })],
    ["compiled oracle", createOracleEngine(input)],
    ["opa-wasm", await createRegoEngine(input)],
    ["cel", createCelEngine(input)],
    ["cel-js", createCelEngine(input, { evaluator: "cel-js" })],
  ];
}
