import { Environment } from "@marcbachmann/cel-js";
import { celProgramOf } from "@tollgate/compiler-cel";
import type { Json, RuleIR } from "@tollgate/rule-dsl";
import type { Engine, EngineInput, EngineResult } from "./engine.js";
import { registerKubernetesQuantities } from "./kubernetes-cel-library.js";
import { createMatchIndex } from "./match-index.js";
import { shareCommonSubexpressions, type SubexpressionCache } from "./shared-subexpressions.js";

/**
 * Converts JSON to the values cel-js expects: integers become `bigint` (CEL `int`).
 *
 * @param value - normalised JSON
 * @returns a CEL value
 */
export function toCelValue(value: Json): unknown {
  return celValueOf(value);
}

/**
 * Parsed data to a CEL value in one pass, as `toCelValue(copyJson(value))` would give it:
 * explicit nulls kept, `__proto__` an ordinary own key, anything that is not JSON dropped (in an
 * object) or `null` (in a list), integers as `bigint`.
 *
 * @param value - parsed data
 * @returns a CEL value
 */
function celValueOf(value: unknown): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? (Number.isInteger(value) ? BigInt(value) : value) : null;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const list = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) list[i] = celValueOf(value[i]);
        return list;
      }
      // A Map, not a plain object: cel-js reads a plain object's type from its `constructor`
      // property, so an own `constructor` key (legal in a ConfigMap or a label) would change
      // what CEL sees, and could turn a deny into an allow.
      const out = new Map<string, unknown>();
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const v = record[key];
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        out.set(key, celValueOf(v));
      }
      return out;
    }
    default:
      return null;
  }
}

type Evaluate = (context: Record<string, unknown>) => unknown;

interface CelProgram {
  readonly id: string;
  /** Each variable with the key of its definition chain (its own and every earlier definition). */
  readonly variables: readonly { readonly name: string; readonly chain: string; readonly run: Evaluate }[];
  readonly conditions: readonly Evaluate[];
  readonly validations: readonly { readonly run: Evaluate; readonly message: string }[];
}

function compile(env: Environment, rule: RuleIR, params: Readonly<Record<string, unknown>>, cache: SubexpressionCache): CelProgram {
  const program = celProgramOf(rule, params);
  // A variable sees the variables defined before it; conditions and validations see them all.
  let chain = "";
  const variables = program.variables.map((v) => {
    const visible = chain;
    chain += `${JSON.stringify([v.name, v.expression])}\n`;
    return { name: v.name, chain, run: cache.parse(env, v.expression, `before:${visible}`) };
  });
  const all = `all:${chain}`;
  return {
    id: rule.meta.id,
    variables,
    conditions: program.matchConditions.map((c) => cache.parse(env, c.expression, all)),
    validations: program.validations.map((v) => ({ run: cache.parse(env, v.expression, all), message: v.message })),
  };
}

/**
 * A CEL evaluator in process (`@marcbachmann/cel-js` with optional types), running the same
 * variables and validations the Kyverno ValidatingPolicy carries. Matching (kinds, operations,
 * namespaces) follows the policy's `matchConstraints` and `matchConditions`.
 *
 * Per object, rules whose kinds do not match are skipped before any conversion; the object is
 * converted to CEL values once; a variable that several rules define identically (every pod
 * rule's `podSpec`) and a subexpression that several rules share (the list of all containers)
 * is evaluated once.
 *
 * @param input - rules and parameters
 * @returns the engine
 */
export function createCelEngine(input: EngineInput): Engine {
  const env = registerKubernetesQuantities(new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true }));
  const shared = shareCommonSubexpressions();
  const programs = input.rules.map((rule) => compile(env, rule, input.params?.[rule.meta.id] ?? {}, shared));
  shared.seal();
  const matches = createMatchIndex(input.rules);
  return {
    name: "cel",
    evaluate(object: unknown, operation?: string): EngineResult[] {
      const applies = matches(object, operation ?? "CREATE");
      if (!applies.some(Boolean)) return programs.map((p) => ({ rule: p.id, verdict: "skip", messages: [] }));
      // CEL sees the object as Kyverno would, explicit nulls included; matching uses the normalised form.
      let celObject: unknown;
      try {
        celObject = celValueOf(object);
      } catch (e) {
        const messages = [`CEL evaluation failed: the object cannot be converted: ${String((e as Error).message ?? e)}`];
        return programs.map((p, i) => (applies[i] ? { rule: p.id, verdict: "error", messages: [...messages] } : { rule: p.id, verdict: "skip", messages: [] }));
      }
      const variableValues = new Map<string, unknown>();
      shared.reset();
      return programs.map((p, i): EngineResult => {
        if (!applies[i]) return { rule: p.id, verdict: "skip", messages: [] };
        try {
          const variables: Record<string, unknown> = {};
          const ctx = { object: celObject, variables };
          for (const v of p.variables) {
            let value = variableValues.get(v.chain);
            if (value === undefined && !variableValues.has(v.chain)) {
              value = v.run(ctx);
              variableValues.set(v.chain, value);
            }
            variables[v.name] = value;
          }
          if (p.conditions.some((c) => c(ctx) !== true)) return { rule: p.id, verdict: "skip", messages: [] };
          const failed = p.validations.filter((v) => v.run(ctx) !== true).map((v) => v.message);
          return { rule: p.id, verdict: failed.length > 0 ? "fail" : "pass", messages: failed };
        } catch (e) {
          return { rule: p.id, verdict: "error", messages: [`CEL evaluation failed: ${String((e as Error).message ?? e)}`] };
        }
      });
    },
  };
}
