import {
  defineRule,
  eq,
  examplePod,
  exampleContainer,
  forEachContainer,
  msg,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { checkRuleExamples } from "./check-examples.js";

const privileged = examplePod("p", {
  containers: [exampleContainer("app", { securityContext: { privileged: true } })],
});
const plain = examplePod("q", { containers: [exampleContainer("app")] });

describe("checkRuleExamples", () => {
  it("reports an example whose verdict is wrong, in every engine", async () => {
    const rule = defineRule({
      meta: {
        id: "wrong-example",
        title: "t",
        category: "Other" as const,
        severity: "low",
        gate: 5,
        subject: "Pod",
        description: "d",
        remediation: "r",
      },
      violations: () =>
        forEachContainer((c) =>
          violation({
            when: eq(read(c.securityContext.privileged, false), true),
            field: c.securityContext.privileged,
            message: msg`privileged`,
          }),
        ),
      // The "allowed" example is privileged: a wrong doc example the check must catch.
      examples: {
        denied: [{ title: "privileged", object: privileged }],
        allowed: [
          { title: "mislabelled", object: privileged },
          { title: "plain", object: plain },
        ],
      },
    });
    const mismatches = await checkRuleExamples([rule]);
    expect(mismatches.map((m) => `${m.engine}:${m.example}:${m.got}`).sort()).toEqual([
      "cel:mislabelled:fail",
      "oracle:mislabelled:fail",
      "rego:mislabelled:fail",
    ]);
  }, 300_000);
});
