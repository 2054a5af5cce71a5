import { Environment } from "@marcbachmann/cel-js";
import { celProgramOf } from "@tollgate/compiler-cel";
import { copyJson, ruleApplies, normalizeObject } from "@tollgate/oracle";
import type { Json } from "@tollgate/rule-dsl";
import type { Engine, EngineInput, EngineResult } from "./engine.js";
import { registerKubernetesQuantities } from "./kubernetes-cel-library.js";

/**
 * Converts JSON to the values cel-js expects: integers become `bigint` (CEL `int`).
 *
 * @param value - normalised JSON
 * @returns a CEL value
 */
export function toCelValue(value: Json): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value && typeof value === "object") {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) out.set(k, toCelValue(v));
    return Object.fromEntries(out);
  }
  return value;
}

/**
 * A CEL evaluator in process (`@marcbachmann/cel-js` with optional types), running the same
 * variables and validations the Kyverno ValidatingPolicy carries. Matching (kinds, operations,
 * namespaces) follows the policy's `matchConstraints` and `matchConditions`.
 *
 * @param input - rules and parameters
 * @returns the engine
 */
export function createCelEngine(input: EngineInput): Engine {
  const env = registerKubernetesQuantities(new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true }));
  const programs = input.rules.map((rule) => {
    const program = celProgramOf(rule, input.params?.[rule.meta.id] ?? {});
    return {
      rule,
      variables: program.variables.map((v) => ({ name: v.name, run: env.parse(v.expression) })),
      conditions: program.matchConditions.map((c) => env.parse(c.expression)),
      validations: program.validations.map((v) => ({ run: env.parse(v.expression), message: v.message })),
    };
  });
  return {
    name: "cel",
    evaluate(object: unknown, operation?: string): EngineResult[] {
      const normalized = normalizeObject(object);
      // CEL sees the object as Kyverno would, explicit nulls included; matching uses the normalised form.
      const celObject = toCelValue(copyJson(object));
      return programs.map((p): EngineResult => {
        const id = p.rule.meta.id;
        if (!ruleApplies(p.rule, normalized, operation ?? "CREATE")) return { rule: id, verdict: "skip", messages: [] };
        try {
          const variables: Record<string, unknown> = {};
          const ctx = { object: celObject, variables };
          for (const v of p.variables) variables[v.name] = v.run(ctx);
          if (p.conditions.some((c) => c(ctx) !== true)) return { rule: id, verdict: "skip", messages: [] };
          const failed = p.validations.filter((v) => v.run(ctx) !== true).map((v) => v.message);
          return { rule: id, verdict: failed.length > 0 ? "fail" : "pass", messages: failed };
        } catch (e) {
          return { rule: id, verdict: "error", messages: [`CEL evaluation failed: ${String((e as Error).message ?? e)}`] };
        }
      });
    },
  };
}
