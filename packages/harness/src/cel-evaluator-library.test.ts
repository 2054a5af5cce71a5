import { CelUnsupportedError, compileCelSet, createCelJsEnvironment } from "@tollgate/cel-evaluator";
import { celProgramOf } from "@tollgate/compiler-cel";
import { createCelEngine, type EngineResult, type RuleParams } from "@tollgate/engines";
import { manifestArbitrary, ruleTargetedArbitrary } from "@tollgate/generators";
import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import type { RuleIR } from "@tollgate/rule-dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedKindsOf } from "./rule-kinds.js";

// These tests live here, not in @tollgate/cel-evaluator: the rule libraries have
// @tollgate/engines as a devDependency, and engines depends on the evaluator, so the evaluator
// (or engines) depending on the libraries would make a cycle. The harness already depends on all.

const RULES: readonly RuleIR[] = [...KYVERNO_RULES, ...OPA_RULES];

/** Every parameter set a rule is compiled with: its defaults, and each example's own. */
function paramSets(rule: RuleIR): Readonly<Record<string, unknown>>[] {
  const sets = new Map<string, Readonly<Record<string, unknown>>>([["{}", {}]]);
  for (const e of [...rule.examples.denied, ...rule.examples.allowed])
    if (e.params) sets.set(JSON.stringify(e.params), e.params);
  return [...sets.values()];
}

/** A rule's CEL expressions with its parameters: variables, match conditions, validations. */
function expressionsOf(rule: RuleIR, params: Readonly<Record<string, unknown>>): string[] {
  const p = celProgramOf(rule, params);
  return [
    ...p.variables.map((v) => v.expression),
    ...p.matchConditions.map((c) => c.expression),
    ...p.validations.map((v) => v.expression),
  ];
}

const LIBRARY: readonly {
  readonly rule: RuleIR;
  readonly params: Readonly<Record<string, unknown>>;
  readonly expressions: readonly string[];
}[] = RULES.flatMap((rule) =>
  paramSets(rule).map((params) => ({ rule, params, expressions: expressionsOf(rule, params) })),
);

describe("@tollgate/cel-evaluator on the rule libraries", () => {
  it("compiles every CEL expression of every rule, with default and example parameters", () => {
    const failures: string[] = [];
    let compiled = 0;
    for (const { rule, params, expressions } of LIBRARY) {
      const set = compileCelSet(expressions.map((expression) => ({ expression, scope: rule.meta.id })));
      set.evaluators.forEach((e, i) => {
        if (e instanceof CelUnsupportedError)
          failures.push(`${rule.meta.id} ${JSON.stringify(params)}: ${e.message}\n  ${expressions[i]}`);
        else compiled += 1;
      });
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(RULES.length);
    // And every one type-checks in cel-js (the compiled evaluator has no type checker: cel-js
    // evaluates an expression that fails its check to an error whatever the object).
    const env = createCelJsEnvironment();
    const illTyped = LIBRARY.flatMap(({ rule, expressions }) =>
      expressions.filter((e) => !env.check(e).valid).map((e) => `${rule.meta.id}: ${e}`),
    );
    expect(illTyped).toEqual([]);
    // Every rule runs on the compiled evaluator in the engine too.
    expect(createCelEngine({ rules: RULES }).uncompiledRules).toEqual([]);
  });

  it("gives the verdicts cel-js gives on every example and on generated objects, and the same messages", () => {
    const mismatches: string[] = [];
    let evaluations = 0;
    let unmodelled = 0;
    const same = (a: EngineResult, b: EngineResult): boolean =>
      a.verdict === b.verdict &&
      (a.verdict === "error" || JSON.stringify(a.messages) === JSON.stringify(b.messages));
    /** Runs objects through the compiled evaluator and cel-js alone, rule by rule. */
    const compare = (rules: readonly RuleIR[], params: RuleParams, objects: readonly unknown[]): void => {
      const ours = createCelEngine({ rules, params });
      const celJs = createCelEngine({ rules, params }, { evaluator: "cel-js" });
      for (const object of objects) {
        const [a, b] = [ours.evaluate(object), celJs.evaluate(object)];
        a.forEach((r, i) => {
          const c = b[i] as EngineResult;
          if (r.verdict !== "skip" || c.verdict !== "skip") evaluations += 1;
          if (!same(r, c))
            mismatches.push(
              `${r.rule} ${JSON.stringify(params[r.rule] ?? {})}\n  ours ${JSON.stringify(r)}\n  cel-js ${JSON.stringify(c)}\n  on ${JSON.stringify(object)}`,
            );
        });
      }
      unmodelled += ours.unmodelled;
    };
    // Default parameters: every rule on every example, on valid and hostile objects of every kind, and on objects
    // generated for each rule (of one of its kinds: a targeted generator takes a while to build).
    const kinds = [...new Set(RULES.flatMap((rule) => generatedKindsOf(rule)))];
    const withDefaults = [
      ...RULES.flatMap((rule) =>
        [...rule.examples.denied, ...rule.examples.allowed].filter((e) => !e.params).map((e) => e.object),
      ),
      ...kinds.flatMap((kind) => fc.sample(manifestArbitrary(kind), { seed: 5, numRuns: 40 })),
      // Objects the API server would reject: wrong types, strange strings, `__proto__` keys.
      ...kinds.flatMap((kind) =>
        fc.sample(manifestArbitrary(kind, { mode: "hostile" }), { seed: 6, numRuns: 40 }),
      ),
      ...RULES.flatMap((rule, i) => {
        const own = generatedKindsOf(rule);
        const kind = own[i % Math.max(own.length, 1)];
        return kind === undefined
          ? []
          : fc.sample(ruleTargetedArbitrary(rule, kind), { seed: i, numRuns: 15 });
      }),
    ];
    compare(RULES, {}, withDefaults);
    // An example with parameters of its own: its rule with them.
    for (const rule of RULES) {
      for (const e of [...rule.examples.denied, ...rule.examples.allowed])
        if (e.params) compare([rule], { [rule.meta.id]: e.params }, [e.object]);
    }
    expect(mismatches).toEqual([]);
    expect(evaluations).toBeGreaterThan(RULES.length * 10);
    expect(unmodelled).toBeLessThan(evaluations * 0.05);
    console.log(`cel-evaluator on the libraries: ${evaluations} evaluations, ${unmodelled} left to cel-js`);
  });
});
