import { createCelEngine, createOracleEngine, createRegoEngine, type Engine } from "@tollgate/engines";
import { beforeAll, describe, expect, it } from "vitest";
import { anchorSuites, expectationsOf } from "./anchor-suites.test-helpers.js";
import { KYVERNO_RULES } from "./index.js";

describe("anchor conformance: the anchors' own expected verdicts, in every in-process engine", () => {
  let engines: Engine[];
  beforeAll(async () => {
    engines = [
      createOracleEngine({ rules: KYVERNO_RULES }),
      await createRegoEngine({ rules: KYVERNO_RULES }),
      createCelEngine({ rules: KYVERNO_RULES }),
    ];
  }, 300_000);

  for (const s of anchorSuites()) {
    it(`${s.id} matches ${s.suite}`, () => {
      const { objects, expected } = expectationsOf(s);
      expect(expected.length).toBeGreaterThan(0);
      const mismatches: string[] = [];
      for (const row of expected) {
        const object = objects.find(
          (o) => o["kind"] === row.kind && (o["metadata"] as { name?: string })?.name === row.name,
        );
        if (!object) {
          mismatches.push(`${row.kind}/${row.name}: resource not found in the suite`);
          continue;
        }
        for (const engine of engines) {
          const result = engine.evaluate(object).find((r) => r.rule === s.id);
          if (result?.verdict !== row.result)
            mismatches.push(
              `${engine.name}: ${row.kind}/${row.name} expected ${row.result}, got ${result?.verdict} ${result?.messages.join("; ") ?? ""}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
