import { evaluateRule, normalizeObject } from "@tollgate/oracle";
import type { Json } from "@tollgate/rule-dsl";
import type { Engine, EngineInput, EngineResult } from "./engine.js";
import { createMatchIndex } from "./match-index.js";

/**
 * The oracle as an engine: the IR's reference semantics. A rule whose match leaves the object out
 * is a `skip` without evaluating it (as `evaluateRule` would answer).
 *
 * @param input - rules and parameters
 * @returns the engine
 */
export function createOracleEngine(input: EngineInput): Engine {
  const matches = createMatchIndex(input.rules);
  return {
    name: "oracle",
    evaluate(object: unknown, operation?: string): EngineResult[] {
      const applies = matches(object, operation ?? "CREATE");
      // Normalised once for every rule (null fields dropped, as the API server stores objects).
      let normalized: Json | undefined;
      return input.rules.map((rule, i): EngineResult => {
        if (!applies[i]) return { rule: rule.meta.id, verdict: "skip", messages: [] };
        try {
          normalized ??= normalizeObject(object);
          const r = evaluateRule(rule, normalized, input.params?.[rule.meta.id] ?? {}, { ...(operation ? { operation } : {}), normalized: true });
          return { rule: rule.meta.id, verdict: r.verdict, messages: [...new Set(r.violations.map((v) => `${v.field}: ${v.message}`))].sort() };
        } catch (e) {
          return { rule: rule.meta.id, verdict: "error", messages: [String(e)] };
        }
      });
    },
  };
}
