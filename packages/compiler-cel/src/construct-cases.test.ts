import {
  CelUnmodelledError,
  CelUnsupportedError,
  celJsSource,
  compileCelSet,
  createCelJsEnvironment,
  toCelJsValue,
  type CelEvaluator,
} from "@tollgate/cel-evaluator";
import { IR_CONSTRUCT_CASES, constructCaseRule, type Json } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { celProgramOf } from "./policies.js";

type Run = (context: { object: unknown; variables: Record<string, unknown> }) => unknown;

/** A compiled rule's verdict: its variables in order, then every validation must hold. */
function verdictOf(
  program: { variables: { name: string; run: Run }[]; validations: Run[] },
  object: unknown,
): "fail" | "pass" {
  const variables: Record<string, unknown> = {};
  const context = { object, variables };
  for (const v of program.variables) variables[v.name] = v.run(context);
  return program.validations.every((v) => v(context) === true) ? "pass" : "fail";
}

describe("the IR's table of meanings, compiled to CEL", () => {
  const env = createCelJsEnvironment();
  /** Cases the compiled evaluator leaves to cel-js (a case it does not model). */
  const unmodelled: string[] = [];
  IR_CONSTRUCT_CASES.forEach((c, i) => {
    it(c.name, () => {
      const { rule, verdict } = constructCaseRule(c, i);
      const object = rule.examples.denied[0]!.object as Json;
      const program = celProgramOf(rule);
      expect(program.matchConditions).toEqual([]);
      // cel-js, the reference CEL implementation in process.
      const parse = (expression: string) => env.parse(celJsSource(expression)) as Run;
      const celJs = {
        variables: program.variables.map((v) => ({ name: v.name, run: parse(v.expression) })),
        validations: program.validations.map((v) => parse(v.expression)),
      };
      expect(verdictOf(celJs, toCelJsValue(object)), "cel-js").toBe(verdict);
      // Tollgate's compiled evaluator, where it models the case (each expression its own scope).
      const set = compileCelSet([
        ...program.variables.map((v) => ({ expression: v.expression, scope: `v:${v.name}` })),
        ...program.validations.map((v, n) => ({ expression: v.expression, scope: `check:${n}` })),
      ]);
      const evaluators = set.evaluators as (CelEvaluator | CelUnsupportedError)[];
      expect(evaluators.filter((e) => e instanceof CelUnsupportedError)).toEqual([]);
      const runs = evaluators as unknown as Run[];
      const compiled = {
        variables: program.variables.map((v, n) => ({ name: v.name, run: runs[n]! })),
        validations: runs.slice(program.variables.length),
      };
      try {
        expect(verdictOf(compiled, object), "compiled evaluator").toBe(verdict);
      } catch (e) {
        if (!(e instanceof CelUnmodelledError)) throw e;
        unmodelled.push(c.name);
      }
    });
  });

  it("the compiled evaluator models the cases (those it leaves to cel-js are few and known)", () => {
    expect(unmodelled).toEqual([]);
  });
});
