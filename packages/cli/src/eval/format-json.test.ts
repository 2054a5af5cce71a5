import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalReport, ResourceRef } from "./eval-result.js";
import { formatJson } from "./format-json.js";
import { formatSarif } from "./format-sarif.js";

const resource: fc.Arbitrary<ResourceRef> = fc.record(
  {
    apiVersion: fc.string(),
    kind: fc.string(),
    namespace: fc.string(),
    name: fc.string(),
    file: fc.string(),
    document: fc.nat(),
    item: fc.nat(),
    line: fc.nat(),
  },
  { requiredKeys: ["apiVersion", "kind", "namespace", "name", "file", "document", "line"] },
);
const report: fc.Arbitrary<EvalReport> = fc
  .tuple(
    fc.array(
      fc.tuple(
        resource,
        fc.array(
          fc.record({
            rule: fc.string(),
            engine: fc.constantFrom("oracle", "rego", "cel"),
            verdict: fc.constantFrom("pass" as const, "fail" as const, "skip" as const, "error" as const),
            messages: fc.array(fc.string({ unit: "binary" }), { maxLength: 3 }),
          }),
          { maxLength: 4 },
        ),
      ),
      { maxLength: 5 },
    ),
    fc.array(
      fc.record(
        { file: fc.string(), document: fc.nat(), message: fc.string() },
        { requiredKeys: ["file", "message"] },
      ),
      { maxLength: 3 },
    ),
  )
  .map(([docs, errors]) => ({
    results: docs.flatMap(([res, rs]) => rs.map((r) => ({ resource: res, ...r }))),
    errors,
  }));

describe("-o json", () => {
  it("streams exactly the bytes of the contract's document, JSON.stringify(report, null, 2)", () => {
    fc.assert(
      fc.property(report, (r) => {
        const expected = `${JSON.stringify({ results: r.results.map((x) => ({ resource: x.resource, rule: x.rule, engine: x.engine, verdict: x.verdict, messages: x.messages })), errors: r.errors }, null, 2)}\n`;
        expect(formatJson(r)).toBe(expected);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("-o sarif streams JSON.stringify's own layout of the log (2.1.0, every failing result)", () => {
    const rules = [
      {
        meta: {
          id: "r1",
          title: "R one",
          description: "d",
          remediation: "fix",
          severity: "high",
          category: "c",
          gate: 4,
        },
      },
    ] as unknown as Parameters<typeof formatSarif>[1];
    fc.assert(
      fc.property(report, (r) => {
        const text = formatSarif(r, rules, "0.1.0");
        const log = JSON.parse(text) as { runs: { results: unknown[] }[] };
        expect(text).toBe(`${JSON.stringify(log, null, 2)}\n`);
        const failing = r.results
          .filter((x) => x.verdict === "fail" || x.verdict === "error")
          .reduce((n, x) => n + Math.max(1, x.messages.length), 0);
        expect(log.runs[0]!.results).toHaveLength(failing);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});
