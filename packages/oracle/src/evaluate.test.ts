import { defineRule, eq, forEachContainer, msg, read, violation } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const rule = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "no-priv",
    title: "t",
    category: "Other" as const,
    severity: "high",
    gate: 5,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  match: { operations: ["CREATE"], excludedNamespaces: ["kube-system"] },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(read(c.securityContext.privileged, false), true),
        field: c.securityContext.privileged,
        message: msg`container ${c.name} is privileged`,
      }),
    ),
});

const deployment = (privileged: unknown) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d" },
  spec: {
    template: {
      spec: {
        containers: [{ name: "ok", image: "a" }],
        initContainers: [{ name: "bad", image: "b", securityContext: { privileged } }],
      },
    },
  },
});

describe("evaluateRule", () => {
  it("reports the offending field through the pod template of a controller", () => {
    expect(evaluateRule(rule, deployment(true))).toEqual({
      verdict: "fail",
      violations: [
        {
          field: "spec.template.spec.initContainers[0].securityContext.privileged",
          message: "container bad is privileged",
        },
      ],
    });
  });

  it("treats null as absent, as the API server stores it", () => {
    expect(evaluateRule(rule, deployment(null)).verdict).toBe("pass");
  });

  it("skips kinds, operations and namespaces the rule does not review", () => {
    expect(evaluateRule(rule, { apiVersion: "v1", kind: "Service", metadata: { name: "s" } }).verdict).toBe(
      "skip",
    );
    expect(evaluateRule(rule, deployment(true), {}, { operation: "UPDATE" }).verdict).toBe("skip");
    const inSystem = { ...deployment(true), metadata: { name: "d", namespace: "kube-system" } };
    expect(evaluateRule(rule, inSystem).verdict).toBe("skip");
  });

  it("does not let a __proto__ key change any prototype", () => {
    const hostile = JSON.parse(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","__proto__":{"polluted":true}},"spec":{"containers":[]}}',
    );
    expect(evaluateRule(rule, hostile).verdict).toBe("pass");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
