import { examplePod } from "@tollgate/rule-dsl";
import { evaluateRule } from "@tollgate/oracle";
import { describe, expect, it } from "vitest";
import { checkRuleMutants, exampleCases } from "./mutation-check.js";
import { EQUIVALENT, sampleRule } from "./sample-rule.test-helpers.js";

const pod = (name: string, spec: Record<string, unknown>) => examplePod(name, spec as never);
const OPTIONS = { seed: 7, searchRuns: 300 };

/** Examples that tell every mutant but one (the prefix test turned into a substring test) apart. */
const EXAMPLES = {
  denied: [
    { title: "bad", object: pod("bad", { containers: [{ name: "a", image: "bad/x" }] }) },
    {
      title: "bad init",
      object: pod("bad-init", {
        containers: [{ name: "a", image: "good/x" }],
        initContainers: [{ name: "i", image: "bad/x" }],
      }),
    },
    {
      title: "user 1000",
      object: pod("u", {
        containers: [{ name: "a", image: "good/x", securityContext: { runAsUser: 1000 } }],
      }),
    },
  ],
  allowed: [
    { title: "good", object: pod("good", { containers: [{ name: "a", image: "good/x" }] }) },
    {
      title: "user 999",
      object: pod("u", { containers: [{ name: "a", image: "good/x", securityContext: { runAsUser: 999 } }] }),
    },
    {
      title: "two prefixes",
      object: pod("two", {
        containers: [{ name: "a", image: "other/x" }],
        initContainers: [{ name: "i", image: "other/y" }],
      }),
      params: { repos: ["good/", "other/"] },
    },
  ],
};
const PREFIX_TEST = "violations[0].when.arg.body: startsWith → contains";

describe("mutation check", () => {
  it("kills a mutant on an example, and fails a survivor with a shrunk object that tells it apart", () => {
    const rule = sampleRule(EXAMPLES);
    const report = checkRuleMutants(rule, exampleCases(rule), OPTIONS);
    expect(report.mutants).toBe(9);
    expect(report.survivors.map((s) => s.id).sort()).toEqual([EQUIVALENT, PREFIX_TEST].sort());
    expect(report.killed).toBe(7);
    const prefix = report.survivors.find((s) => s.id === PREFIX_TEST)!;
    expect(prefix.operator).toBe("string test widened");
    // The witness really tells them apart: the rule denies it (a prefix inside the image).
    const witness = prefix.witness!;
    expect(witness.list).toBe("denied");
    expect(evaluateRule(rule, witness.object, witness.params ?? {}).verdict).toBe("fail");
    const images = JSON.stringify(witness.object).match(/"image":"[^"]*"/g) ?? [];
    expect(images.some((i) => /"image":"[^"]+good\//.test(i))).toBe(true);
    // No generated object tells the equivalent one apart.
    expect(report.survivors.find((s) => s.id === EQUIVALENT)!.witness).toBeUndefined();
  });

  it("kills a mutant on a corpus object as well as on an example", () => {
    const rule = sampleRule(EXAMPLES);
    const corpus = {
      source: "corpus.yaml document 1",
      object: pod("c", { containers: [{ name: "a", image: "x/good/x" }] }),
    };
    const report = checkRuleMutants(rule, [...exampleCases(rule), corpus], OPTIONS);
    expect(report.outcomes.find((o) => o.id === PREFIX_TEST)).toMatchObject({
      status: "killed",
      killedBy: "corpus.yaml document 1",
    });
  });

  it("accepts a mutant the rule marks as equivalent: neither a survivor nor a stale mark", () => {
    const rule = {
      ...sampleRule(EXAMPLES),
      equivalentMutants: { [EQUIVALENT]: "absent and 0 are both below 1000" },
    };
    const report = checkRuleMutants(rule, exampleCases(rule), OPTIONS);
    expect(report).toMatchObject({ equivalent: 1, staleMarks: [] });
    // The one mutant these examples miss is still a survivor: only a reason in the rule excuses one.
    expect(report.survivors.map((s) => s.id)).toEqual([PREFIX_TEST]);
  });

  it("fails a mark that no longer holds: an equivalent one told apart, an unknown id", () => {
    const rule = {
      ...sampleRule(EXAMPLES),
      equivalentMutants: { "violations[1].when: ge → gt": "wrongly marked", "no such": "x" },
    };
    const report = checkRuleMutants(rule, exampleCases(rule), OPTIONS);
    expect(report.staleMarks).toEqual([
      'violations[1].when: ge → gt: marked equivalent, but example "user 1000" tells it apart',
      "no such: marked equivalent, but the rule has no such mutant",
    ]);
  });
});
