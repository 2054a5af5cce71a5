import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalReport, ResourceRef } from "./eval-result.js";
import { formatJson } from "./format-json.js";

const resource: fc.Arbitrary<ResourceRef> = fc.record(
  { apiVersion: fc.string(), kind: fc.string(), namespace: fc.string(), name: fc.string(), file: fc.string(), document: fc.nat(), item: fc.nat(), line: fc.nat() },
  { requiredKeys: ["apiVersion", "kind", "namespace", "name", "file", "document", "line"] },
);
const report: fc.Arbitrary<EvalReport> = fc
  .tuple(
    fc.array(fc.tuple(resource, fc.array(fc.record({ rule: fc.string(), engine: fc.constantFrom("oracle", "rego", "cel"), verdict: fc.constantFrom("pass" as const, "fail" as const, "skip" as const, "error" as const), messages: fc.array(fc.string({ unit: "binary" }), { maxLength: 3 }) }), { maxLength: 4 })), { maxLength: 5 }),
    fc.array(fc.record({ file: fc.string(), document: fc.nat(), message: fc.string() }, { requiredKeys: ["file", "message"] }), { maxLength: 3 }),
  )
  .map(([docs, errors]) => ({ results: docs.flatMap(([res, rs]) => rs.map((r) => ({ resource: res, ...r }))), errors }));

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
});
