import {
  and,
  defineRule,
  eq,
  examplePod,
  exists,
  forEachContainer,
  ge,
  ifThen,
  msg,
  not,
  or,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { testRuleMeta } from "../test-rules.test-helpers.js";
import { evaluateRule } from "@tollgate/oracle";
import { describe, expect, it } from "vitest";
import { ruleMutants } from "./rule-mutants.js";
import { EQUIVALENT, sampleRule } from "./sample-rule.test-helpers.js";

const EXAMPLES = {
  denied: [{ title: "d", object: examplePod("d", { containers: [{ name: "a", image: "bad/x" }] }) }],
  allowed: [{ title: "a", object: examplePod("a", { containers: [{ name: "a", image: "good/x" }] }) }],
};

describe("rule mutants", () => {
  const rule = sampleRule(EXAMPLES);
  const mutants = ruleMutants(rule);
  const ids = mutants.map((m) => m.id);

  it("makes one mutant per change, each named by where and what", () => {
    expect(ids).toEqual([
      "violations[0].each[0]: containers dropped",
      "violations[0].each[0]: initContainers dropped",
      "violations[0].when: not removed",
      "violations[0].when.arg: any → all",
      'violations[0].when.arg.list: parameter repos → its default ["good/"]',
      "violations[0].when.arg.body: startsWith → contains",
      "violations[1].when: ge → gt",
      "violations[1].when.left: default 0 → 1",
      "violations[1].when.right: 1000 → 1001",
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("never changes messages or field paths, only what decides", () => {
    for (const m of mutants)
      m.rule.violations.forEach((v, i) => {
        expect(v.field).toEqual(rule.violations[i]!.field);
        expect(v.message).toEqual(rule.violations[i]!.message);
      });
  });

  it("changes what the rule decides: each mutant but an equivalent one gives another verdict on some object", () => {
    const pod = (spec: Record<string, unknown>) => examplePod("p", spec as never);
    const objects = [
      pod({ containers: [{ name: "a", image: "bad/x" }] }),
      pod({ containers: [{ name: "a", image: "good/x" }] }),
      pod({ containers: [{ name: "a", image: "x/good/x" }] }),
      pod({ containers: [{ name: "a", image: "good/x" }], initContainers: [{ name: "i", image: "bad/x" }] }),
      pod({ containers: [{ name: "a", image: "good/x", securityContext: { runAsUser: 1000 } }] }),
      pod({ containers: [{ name: "a", image: "good/x", securityContext: { runAsUser: 999 } }] }),
      pod({ containers: [{ name: "a", image: "good/x", securityContext: {} }] }),
    ];
    const withParams = [{}, { repos: ["good/", "other/"] }, { repos: ["other/"] }];
    for (const m of mutants) {
      const differs = objects.some((o) =>
        withParams.some((p) => evaluateRule(rule, o, p).verdict !== evaluateRule(m.rule, o, p).verdict),
      );
      // An absent runAsUser read as 1 instead of 0 is still below 1000: no object tells it apart.
      expect(differs, m.id).toBe(m.id !== EQUIVALENT);
    }
  });

  it("makes no default mutant of a read that a condition before it says is present", () => {
    const guarded = defineRule({
      examples: EXAMPLES,
      meta: testRuleMeta("test-guarded"),
      violations: ({ pod }) =>
        forEachContainer((c) =>
          violation({
            when: or(
              not(exists(pod.securityContext.runAsGroup)),
              and(exists(c.securityContext.runAsUser), ge(read(c.securityContext.runAsUser, 0), 1000)),
              ge(read(pod.securityContext.runAsGroup, 0), 1000),
              ge(read(c.securityContext.runAsUser, 0), 5),
              ge(
                ifThen(
                  exists(c.securityContext.runAsGroup),
                  read(c.securityContext.runAsGroup, 0),
                  read(c.securityContext.runAsUser, 0),
                ),
                5,
              ),
            ),
            field: c.securityContext.runAsUser,
            message: msg`too high`,
          }),
        ),
    });
    const defaults = ruleMutants(guarded)
      .filter((m) => m.operator === "default flipped")
      .map((m) => m.id);
    // Not guarded: runAsUser outside the and that checks it, and in the else of an if on another field.
    expect(defaults).toEqual([
      "violations[0].when.args[3].left: default 0 → 1",
      "violations[0].when.args[4].left.else: default 0 → 1",
    ]);
  });

  it("changes an expression the definition shares between violations everywhere at once, at its first place", () => {
    const shared = defineRule({
      examples: EXAMPLES,
      meta: testRuleMeta("test-shared"),
      violations: () =>
        forEachContainer(
          (c) => {
            const privileged = eq(read(c.securityContext.privileged, false), true);
            return [
              violation({ when: and(privileged, exists(c.ports)), field: c.ports, message: msg`ports` }),
              violation({ when: and(privileged, not(exists(c.image))), field: c.image, message: msg`image` }),
            ];
          },
          ["containers", "initContainers"],
        ),
    });
    const mutants = ruleMutants(shared);
    expect(mutants.map((m) => m.id)).toEqual([
      "violations[0].each[0]: containers dropped",
      "violations[0].each[0]: initContainers dropped",
      "violations[0].when.args[0]: eq → ne",
      "violations[0].when.args[0].left: default false → true",
      "violations[0].when.args[0].right: true → false",
      "violations[1].when.args[1]: not removed",
    ]);
    const [dropped, , shifted] = mutants;
    const comparison = (shared.violations[0]!.when as unknown as { args: unknown[] }).args[0] as object;
    // The list is dropped from the one iteration both violations share.
    for (const v of dropped!.rule.violations)
      expect(v.each[0]!.source).toEqual({ kind: "containers", lists: ["initContainers"] });
    for (const v of shifted!.rule.violations)
      expect(v.when).toMatchObject({
        op: "and",
        args: expect.arrayContaining([{ ...comparison, cmp: "ne" }]),
      });
    // The rule itself is untouched.
    for (const v of shared.violations)
      expect(v.when).toMatchObject({ op: "and", args: expect.arrayContaining([comparison]) });
  });
});
