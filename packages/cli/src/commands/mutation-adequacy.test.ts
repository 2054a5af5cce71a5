import type { MutationReport } from "@tollgate/harness";
import { describe, expect, it } from "vitest";
import { formatMutationFailures } from "./mutation-adequacy.js";

const report = (rule: string, over: Partial<MutationReport> = {}): MutationReport => ({
  rule,
  mutants: 2,
  killed: 1,
  equivalent: 0,
  survivors: [],
  staleMarks: [],
  outcomes: [],
  ...over,
});

describe("surviving mutants", () => {
  it("prints a survivor with the object that tells it apart, ready to paste, and how to mark it equivalent", () => {
    const text = formatMutationFailures([
      report("k8sallowedrepos", {
        survivors: [
          {
            id: "violations[0].when.arg.body: startsWith → contains",
            operator: "string test widened",
            status: "survived",
            witness: { list: "denied", object: { kind: "Pod", metadata: { name: "p" } } },
          },
        ],
        staleMarks: ['x: marked equivalent, but example "a" tells it apart'],
      }),
    ]);
    expect(text).toContain(
      "FAIL  k8sallowedrepos: mutant survives: violations[0].when.arg.body: startsWith → contains",
    );
    expect(text).toContain("the rule denies it); add it to examples.denied");
    expect(text).toContain('"kind": "Pod"');
    expect(text).toContain('equivalentMutants: { "violations[0].when.arg.body: startsWith → contains"');
    expect(text).toContain(
      'FAIL  k8sallowedrepos: mutant x: marked equivalent, but example "a" tells it apart',
    );
  });
});
