import type { RuleIR } from "@tollgate/rule-dsl";
import { createCelEngine } from "./cel-engine.js";
import type { Engine } from "./engine.js";
import { createOracleEngine } from "./oracle-engine.js";
import { createRegoEngine } from "./rego-engine.js";

/** One example's verdict in one engine that is not what the rule's doc page says. */
export interface ExampleMismatch {
  readonly rule: string;
  readonly example: string;
  readonly engine: string;
  readonly expected: "fail" | "pass";
  readonly got: string;
  readonly messages: readonly string[];
}

/**
 * A checker of rules' examples that builds the engines once: one set over all the rules with
 * default parameters, and one per distinct set of example parameters.
 *
 * @param rules - every rule that will be checked
 * @returns a function that checks one rule's examples and lists the mismatches
 */
export function createExampleChecker(rules: readonly RuleIR[]): (rule: RuleIR) => Promise<ExampleMismatch[]> {
  const byParams = new Map<string, Promise<Engine[]>>();
  const build = async (input: {
    rules: readonly RuleIR[];
    params?: Record<string, Readonly<Record<string, unknown>>>;
  }): Promise<Engine[]> => [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
  const enginesFor = (
    rule: RuleIR,
    params: Readonly<Record<string, unknown>> | undefined,
  ): Promise<Engine[]> => {
    const key = params ? `${rule.meta.id}:${JSON.stringify(params)}` : "defaults";
    let engines = byParams.get(key);
    if (!engines) {
      engines = build(params ? { rules: [rule], params: { [rule.meta.id]: params } } : { rules });
      byParams.set(key, engines);
    }
    return engines;
  };
  return async (rule) => {
    const mismatches: ExampleMismatch[] = [];
    const cases = [
      ...rule.examples.denied.map((e) => ({ e, expected: "fail" as const })),
      ...rule.examples.allowed.map((e) => ({ e, expected: "pass" as const })),
    ];
    for (const { e, expected } of cases) {
      let oracleMessages: readonly string[] = [];
      for (const engine of await enginesFor(rule, e.params)) {
        const result = engine.evaluate(e.object).find((r) => r.rule === rule.meta.id);
        if (engine.name === "oracle") oracleMessages = result?.messages ?? [];
        const stray =
          result?.verdict === "fail" ? strayMessages(engine.name, result.messages, oracleMessages) : [];
        if (stray.length > 0) {
          mismatches.push({
            rule: rule.meta.id,
            example: e.title,
            engine: engine.name,
            expected,
            got: "fail with a message the oracle does not give",
            messages: [...stray, ...oracleMessages.map((m) => `(oracle) ${m}`)],
          });
        } else if (result?.verdict !== expected) {
          mismatches.push({
            rule: rule.meta.id,
            example: e.title,
            engine: engine.name,
            expected,
            got: result?.verdict ?? "missing",
            messages: result?.messages ?? [],
          });
        }
      }
    }
    return mismatches;
  };
}

/**
 * The messages of an engine's failure that are not the oracle's: Rego gives the oracle's every
 * message, CEL one per failed validation, each one of the oracle's (its first offending element).
 */
function strayMessages(engine: string, messages: readonly string[], oracle: readonly string[]): string[] {
  if (engine === "oracle") return [];
  if (engine === "rego") return JSON.stringify(messages) === JSON.stringify(oracle) ? [] : [...messages];
  return messages.filter((m) => !oracle.includes(m));
}

/**
 * Runs every rule's denied and allowed examples through the oracle, opa-wasm and the CEL
 * evaluator, each with the example's parameters, and lists every verdict that differs from the
 * example's (a denied example must fail, an allowed one pass), and every denial whose message is
 * not the oracle's (Rego's must be the oracle's every message; CEL's, one per failed validation,
 * each one of the oracle's, so a messageExpression that falls back to the static message fails).
 *
 * @param rules - the rules
 * @returns the mismatches (empty when every engine agrees with every example)
 */
export async function checkRuleExamples(rules: readonly RuleIR[]): Promise<ExampleMismatch[]> {
  const check = createExampleChecker(rules);
  const out: ExampleMismatch[] = [];
  for (const rule of rules) out.push(...(await check(rule)));
  return out;
}
