import { evaluateRule } from "@tollgate/oracle";
import type { Engine, EngineInput, EngineResult } from "./engine.js";

/**
 * The oracle as an engine: the IR's reference semantics.
 *
 * @param input - rules and parameters
 * @returns the engine
 */
export function createOracleEngine(input: EngineInput): Engine {
  return {
    name: "oracle",
    evaluate(object: unknown, operation?: string): EngineResult[] {
      return input.rules.map((rule) => {
        try {
          const r = evaluateRule(rule, object, input.params?.[rule.meta.id] ?? {}, operation ? { operation } : {});
          return { rule: rule.meta.id, verdict: r.verdict, messages: [...new Set(r.violations.map((v) => `${v.field}: ${v.message}`))].sort() };
        } catch (e) {
          return { rule: rule.meta.id, verdict: "error", messages: [String(e)] };
        }
      });
    },
  };
}
