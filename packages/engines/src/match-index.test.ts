import { normalizeObject, ruleApplies } from "@tollgate/oracle";
import {
  defineRule,
  exists,
  forEachContainer,
  msg,
  OTHER_KINDS,
  read,
  eq,
  violation,
  type Operation,
} from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { createMatchIndex } from "./match-index.js";

const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};
const meta = (id: string) => ({
  id,
  title: id,
  category: "Other" as const,
  severity: "low" as const,
  gate: 4 as const,
  subject: "Pod",
  description: "d",
  remediation: "r",
});

const podRule = defineRule({
  examples: TEST_EXAMPLES,
  meta: meta("test-pods"),
  match: { excludedNamespaces: ["kube-system"] },
  violations: () =>
    forEachContainer((c) =>
      violation({ when: eq(read(c.name, ""), "bad"), field: c.name, message: msg`bad` }),
    ),
});
const serviceRule = defineRule({
  examples: TEST_EXAMPLES,
  meta: meta("test-services"),
  match: { kinds: [OTHER_KINDS.Service, OTHER_KINDS.Ingress], operations: ["CREATE"] },
  violations: ({ object }) => [
    violation({ when: exists(object.spec), field: object.spec, message: msg`spec` }),
  ],
});
const rules = [podRule, serviceRule];

const API_VERSIONS: unknown[] = [
  "v1",
  "apps/v1",
  "networking.k8s.io/v1",
  "batch/v1",
  "",
  null,
  1,
  ["v1"],
  { v: 1 },
  undefined,
];
const KINDS: unknown[] = [
  "Pod",
  "Deployment",
  "CronJob",
  "Service",
  "Ingress",
  "ConfigMap",
  "pod",
  null,
  7,
  undefined,
];
const METADATA: unknown[] = [
  undefined,
  null,
  "x",
  [],
  {},
  { namespace: null },
  { namespace: "default" },
  { namespace: "kube-system" },
  { namespace: 3 },
  { namespace: { a: 1 } },
  { name: "n", namespace: "kube-system", labels: { a: null } },
];
const OPERATIONS: Operation[] = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

describe("the match index", () => {
  it("answers as the oracle's ruleApplies on the whole normalised object, for every combination", () => {
    const index = createMatchIndex(rules);
    let checked = 0;
    let applied = 0;
    for (const apiVersion of API_VERSIONS)
      for (const kind of KINDS)
        for (const metadata of METADATA)
          for (const operation of OPERATIONS) {
            const object: Record<string, unknown> = { spec: { containers: [{ name: "c" }] } };
            if (apiVersion !== undefined) object["apiVersion"] = apiVersion;
            if (kind !== undefined) object["kind"] = kind;
            if (metadata !== undefined) object["metadata"] = metadata;
            const expected = rules.map((r) => ruleApplies(r, normalizeObject(object), operation));
            // Twice: the second answer comes from the memo.
            expect(index(object, operation)).toEqual(expected);
            expect(index(object, operation)).toEqual(expected);
            checked += 1;
            applied += expected.filter(Boolean).length;
          }
    expect(checked).toBe(API_VERSIONS.length * KINDS.length * METADATA.length * OPERATIONS.length);
    expect(applied).toBeGreaterThan(50);
  });

  it("matches nothing for what is not an object", () => {
    const index = createMatchIndex(rules);
    for (const value of [null, undefined, 1, "Pod", [{ kind: "Pod", apiVersion: "v1" }]])
      expect(index(value, "CREATE")).toEqual([false, false]);
  });
});
