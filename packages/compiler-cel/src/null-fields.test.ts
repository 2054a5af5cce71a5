import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateRule } from "@tollgate/oracle";
import {
  and,
  defineRule,
  eq,
  exists,
  forEach,
  forEachContainer,
  msg,
  not,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { runKyvernoTest } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { validatingPolicyOf } from "./policies.js";

const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

// A field explicitly set to null is absent (the IR's rule, and what the API server stores), in
// the oracle and in the real Kyverno CEL, at the leaf and on the way to it.
const rule = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "null-fields",
    title: "t",
    category: "Other" as const,
    severity: "low",
    gate: 5,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  violations: ({ pod }) => [
    violation({
      when: eq(read(pod.hostNetwork, false), true),
      field: pod.hostNetwork,
      message: msg`host network`,
    }),
    ...forEach(pod.volumes, (v) =>
      violation({ when: exists(v.hostPath), field: v.hostPath, message: msg`host path` }),
    ),
    ...forEachContainer((c) =>
      violation({
        when: and(
          eq(read(c.securityContext.privileged, false), true),
          not(eq(read(c.securityContext.procMount, "Default"), "Default")),
        ),
        field: c.securityContext.privileged,
        message: msg`privileged with a proc mount`,
      }),
    ),
  ],
});

const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec,
});
const OBJECTS: [Record<string, unknown>, "pass" | "fail"][] = [
  [
    pod("null-leaves", {
      hostNetwork: null,
      volumes: [{ name: "v", hostPath: null }],
      containers: [{ name: "a", image: "a", securityContext: { privileged: null, procMount: null } }],
    }),
    "pass",
  ],
  [
    pod("null-branches", {
      securityContext: null,
      volumes: null,
      containers: [{ name: "a", image: "a", securityContext: null }],
      initContainers: null,
    }),
    "pass",
  ],
  [pod("real-values", { hostNetwork: true, containers: [{ name: "a", image: "a" }] }), "fail"],
  [
    pod("host-path", {
      volumes: [{ name: "v", hostPath: { path: "/" } }],
      containers: [{ name: "a", image: "a" }],
    }),
    "fail",
  ],
];

/** YAML as the generated files are written: no folding, no anchors, quoted where a YAML 1.1 reader would differ. */
const dump = (o: unknown) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });

describe("explicit nulls mean absent, in the oracle and in the real kyverno CLI", () => {
  it("the oracle gives the expected verdicts", () => {
    expect(OBJECTS.map(([o]) => evaluateRule(rule, o).verdict)).toEqual(OBJECTS.map(([, v]) => v));
  });

  it("kyverno test on the generated ValidatingPolicy gives the same verdicts, every row Ok", async () => {
    const work = mkdtempSync(join(tmpdir(), "tollgate-null-"));
    try {
      const suite = join(work, "policy", ".kyverno-test");
      mkdirSync(suite, { recursive: true });
      writeFileSync(
        join(work, "policy", "policy.yaml"),
        dump(validatingPolicyOf(rule, {}, { docsBaseUrl: "d/", version: "0" })),
      );
      writeFileSync(join(suite, "resources.yaml"), OBJECTS.map(([o]) => dump(o)).join("---\n"));
      const results = OBJECTS.map(([o, v]) => ({
        isValidatingPolicy: true,
        kind: "Pod",
        policy: "null-fields",
        resources: [(o["metadata"] as { name: string }).name],
        result: v,
      }));
      writeFileSync(
        join(suite, "kyverno-test.yaml"),
        dump({
          apiVersion: "cli.kyverno.io/v1alpha1",
          kind: "Test",
          metadata: { name: "null-fields" },
          policies: ["../policy.yaml"],
          resources: ["resources.yaml"],
          results,
        }),
      );
      const report = await runKyvernoTest(suite);
      expect(report.notOk, report.output.slice(-2000)).toEqual([]);
      expect(report.rows.length).toBe(OBJECTS.length);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
