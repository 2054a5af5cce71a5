import { checkRuleExamples } from "@tollgate/engines";
import { describe, expect, it } from "vitest";
import { KYVERNO_RULES as RULES } from "./index.js";

describe("every rule's doc examples, in every in-process engine", () => {
  it("denies each denied example and allows each allowed one", async () => {
    expect(RULES.every((r) => r.examples.denied.length > 0 && r.examples.allowed.length > 0)).toBe(true);
    expect(await checkRuleExamples(RULES)).toEqual([]);
  }, 300_000);
});
