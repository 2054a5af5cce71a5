import { createExampleChecker } from "@tollgate/engines";
import { describe, expect, it } from "vitest";
import { KYVERNO_RULES as RULES } from "./index.js";

describe("every rule's doc examples, in every in-process engine", () => {
  const check = createExampleChecker(RULES);
  for (const rule of RULES) {
    it(`${rule.meta.id}: denies each denied example and allows each allowed one`, async () => {
      expect(rule.examples.denied.length).toBeGreaterThan(0);
      expect(rule.examples.allowed.length).toBeGreaterThan(0);
      expect(await check(rule)).toEqual([]);
    }, 300_000);
  }
});
