import { defineRule, eq, forEachContainer, read, msg, violation } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { coverageShortfalls, createCoverageCounter } from "./field-coverage.js";
import { testRuleMeta } from "./test-rules.test-helpers.js";

const EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};
const privileged = defineRule({
  examples: EXAMPLES,
  meta: testRuleMeta("test-privileged"),
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(read(c.securityContext.privileged, false), true),
        field: c.securityContext.privileged,
        message: msg`privileged`,
      }),
    ),
});
const pod = (spec: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec,
});

describe("field coverage", () => {
  it("counts each field the rule reads and each container list, present, null or absent", () => {
    const counter = createCoverageCounter(privileged);
    counter.observe(pod({ containers: [{ name: "a", securityContext: { privileged: true } }] }));
    counter.observe(
      pod({ containers: [{ name: "a", securityContext: { privileged: null } }], initContainers: null }),
    );
    counter.observe(pod({ containers: [{ name: "a" }], ephemeralContainers: [{ name: "e" }] }));
    const byField = Object.fromEntries(counter.result().fields.map((f) => [f.field, f]));
    expect(byField["container.securityContext.privileged"]).toMatchObject({
      present: 1,
      null: 1,
      absent: 1,
      literal: 1,
    });
    expect(byField["podSpec.containers"]).toMatchObject({ present: 3 });
    expect(byField["podSpec.initContainers"]).toMatchObject({ present: 0, null: 1, absent: 2 });
    expect(byField["podSpec.ephemeralContainers"]).toMatchObject({ present: 1, absent: 2 });
  });

  it("names a field the samples never hold: generators that stopped producing ephemeral containers", () => {
    const counter = createCoverageCounter(privileged);
    for (let i = 0; i < 400; i++)
      counter.observe(
        pod({
          containers: [{ name: "a", securityContext: { privileged: i % 2 === 0 } }],
          initContainers: [{ name: "i" }],
        }),
      );
    expect(coverageShortfalls(counter.result())).toEqual([
      "test-privileged: podSpec.ephemeralContainers holds a value in 0 of 400 samples (floor 1)",
    ]);
  });
});
