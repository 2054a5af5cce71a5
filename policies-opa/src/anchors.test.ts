import { createCelEngine, createOracleEngine, createRegoEngine, type Engine } from "@tollgate/engines";
import { describe, expect, it } from "vitest";
import { gatorSuites } from "./anchor-suites.test-helpers.js";
import { OPA_RULES } from "./index.js";

describe("anchor conformance: each gator suite's expected verdicts, in every in-process engine", () => {
  const suites = gatorSuites();
  it("finds the suites shared/ holds for our rules", () => {
    expect(suites.map((s) => s.id)).toContain("k8spspprivilegedcontainer");
  });

  for (const s of suites) {
    it(`${s.id}: ${s.cases.length} cases`, async () => {
      const rule = OPA_RULES.find((r) => r.meta.id === s.id)!;
      const mismatches: string[] = [];
      const cache = new Map<string, Engine[]>();
      for (const c of s.cases) {
        const key = JSON.stringify(c.params);
        if (!cache.has(key)) {
          const input = { rules: [rule], params: { [s.id]: c.params } };
          cache.set(key, [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)]);
        }
        for (const engine of cache.get(key)!) {
          const [result] = engine.evaluate(c.object, c.operation);
          const count = result?.verdict === "fail" ? result.messages.length : 0;
          const ok =
            typeof c.violations === "boolean"
              ? c.violations === (result?.verdict === "fail") && result?.verdict !== "error"
              : count === c.violations;
          if (!ok)
            mismatches.push(
              `${engine.name}: ${c.test}/${c.name} expected violations ${String(c.violations)}, got ${result?.verdict} ${result?.messages.join("; ")}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    }, 300_000);
  }
});
