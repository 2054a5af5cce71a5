import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createCelEngine, createOracleEngine, createRegoEngine, type Engine } from "@tollgate/engines";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { KYVERNO_ANCHORS, KYVERNO_RULES } from "./index.js";

const anchorsRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/anchors/kyverno-policies");

interface KyvernoTestFile {
  resources: string[];
  results: { policy: string; kind: string; resources: string[]; result: "pass" | "fail" | "skip" }[];
}

function loadSuite(dir: string) {
  const test = yaml.load(readFileSync(join(dir, "kyverno-test.yaml"), "utf8")) as KyvernoTestFile;
  const objects = test.resources.flatMap((r) =>
    yaml.loadAll(readFileSync(join(dir, r), "utf8")).filter((d): d is Record<string, unknown> => !!d && typeof d === "object"),
  );
  const expected = test.results.flatMap((row) => row.resources.map((name) => ({ kind: row.kind, name, result: row.result })));
  return { objects, expected };
}

describe("anchor conformance: the anchors' own expected verdicts, in every in-process engine", () => {
  let engines: Engine[];
  beforeAll(async () => {
    engines = [createOracleEngine({ rules: KYVERNO_RULES }), await createRegoEngine({ rules: KYVERNO_RULES }), createCelEngine({ rules: KYVERNO_RULES })];
  }, 300_000);

  for (const [id, anchor] of Object.entries(KYVERNO_ANCHORS)) {
    const dir = join(anchorsRoot, anchor, ".kyverno-test");
    it(`${id} matches ${anchor}`, () => {
      expect(existsSync(dir), `anchor suite missing: ${dir}`).toBe(true);
      const { objects, expected } = loadSuite(dir);
      expect(expected.length).toBeGreaterThan(0);
      const mismatches: string[] = [];
      for (const row of expected) {
        const object = objects.find((o) => o["kind"] === row.kind && (o["metadata"] as { name?: string })?.name === row.name);
        if (!object) {
          mismatches.push(`${row.kind}/${row.name}: resource not found in the suite`);
          continue;
        }
        for (const engine of engines) {
          const result = engine.evaluate(object).find((r) => r.rule === id);
          if (result?.verdict !== row.result) mismatches.push(`${engine.name}: ${row.kind}/${row.name} expected ${row.result}, got ${result?.verdict} ${result?.messages.join("; ") ?? ""}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
