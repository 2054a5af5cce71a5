import { compileRule, evaluateRule, normalizeObject, type OracleResult } from "@tollgate/oracle";
import type { Json } from "@tollgate/rule-dsl";
import type { Engine, EngineInput, EngineResult } from "./engine.js";
import { createMatchIndex } from "./match-index.js";

/** How the oracle engine evaluates the IR. */
export interface OracleEngineOptions {
  /**
   * `compiled` (the default): each rule compiled once to JavaScript closures; `interpreted`: the
   * reference interpreter walking the IR, which the harness judges the compiled form against.
   */
  readonly mode?: "compiled" | "interpreted";
}

/**
 * The oracle as an engine: the IR's reference semantics. A rule whose match leaves the object out
 * is a `skip` without evaluating it (as `evaluateRule` would answer).
 *
 * @param input - rules and parameters
 * @param options - compiled (default) or interpreted
 * @returns the engine
 */
export function createOracleEngine(input: EngineInput, options: OracleEngineOptions = {}): Engine {
  const matches = createMatchIndex(input.rules);
  type Review = { readonly operation: string; readonly normalized: true; readonly matched: true };
  const evaluators: ((object: Json, review: Review) => OracleResult)[] = input.rules.map((rule) => {
    const params = input.params?.[rule.meta.id] ?? {};
    if (options.mode === "interpreted") return (object, review) => evaluateRule(rule, object, params, review);
    return compileRule(rule, params);
  });
  return {
    name: "oracle",
    evaluate(object: unknown, operation?: string): EngineResult[] {
      const op = operation ?? "CREATE";
      const applies = matches(object, op);
      const review: Review = { operation: op, normalized: true, matched: true };
      // Normalised once for every rule (null fields dropped, as the API server stores objects).
      let normalized: Json | undefined;
      const results: EngineResult[] = new Array<EngineResult>(input.rules.length);
      for (let i = 0; i < input.rules.length; i++) {
        const id = input.rules[i]!.meta.id;
        if (!applies[i]) {
          results[i] = { rule: id, verdict: "skip", messages: [] };
          continue;
        }
        try {
          normalized ??= normalizeObject(object);
          const r = evaluators[i]!(normalized, review);
          results[i] = { rule: id, verdict: r.verdict, messages: messagesOf(r) };
        } catch (e) {
          results[i] = { rule: id, verdict: "error", messages: [String(e)] };
        }
      }
      return results;
    },
  };
}

/** The messages of a result: `field: message`, each once, sorted. */
function messagesOf(r: OracleResult): string[] {
  const v = r.violations;
  if (v.length === 0) return [];
  if (v.length === 1) return [`${v[0]!.field}: ${v[0]!.message}`];
  // Sorted, then each run of equal messages kept once (as a Set before sorting would, without hashing them).
  const all = v.map((x) => `${x.field}: ${x.message}`).sort();
  let kept = 1;
  for (let i = 1; i < all.length; i++) if (all[i] !== all[kept - 1]) all[kept++] = all[i]!;
  all.length = kept;
  return all;
}
