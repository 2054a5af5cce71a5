import { IR_CONSTRUCT_CASES, constructCaseRule } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { compileRule } from "./compile.js";
import { evaluateRule } from "./evaluate.js";

describe("the IR's table of meanings, in the oracle (interpreted and compiled)", () => {
  IR_CONSTRUCT_CASES.forEach((c, i) => {
    it(c.name, () => {
      const { rule, verdict } = constructCaseRule(c, i);
      const object = rule.examples.denied[0]!.object;
      expect(evaluateRule(rule, object).verdict).toBe(verdict);
      expect(compileRule(rule)(object).verdict).toBe(verdict);
    });
  });
});
