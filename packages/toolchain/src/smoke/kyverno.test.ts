import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runKyvernoTest } from "../kyverno-test-report.js";

const POLICY = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: smoke-owner-label
spec:
  validationActions: [Deny]
  autogen:
    podControllers:
      controllers: []
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels"
      message: metadata.labels.owner is required
`;

const RESOURCES = `apiVersion: v1
kind: Pod
metadata:
  name: goodpod
  labels: {owner: team-a}
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: badpod
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unmatched
data: {a: b}
`;

function testFile(rows: { kind: string; name: string; result: "pass" | "fail" }[]): string {
  return [
    "apiVersion: cli.kyverno.io/v1alpha1",
    "kind: Test",
    "metadata:",
    "  name: smoke",
    "policies: [policy.yaml]",
    "resources: [resource.yaml]",
    "results:",
    ...rows.flatMap((r) => [
      "  - isValidatingPolicy: true",
      `    kind: ${r.kind}`,
      "    policy: smoke-owner-label",
      `    resources: [${r.name}]`,
      `    result: ${r.result}`,
    ]),
    "",
  ].join("\n");
}

describe("kyverno smoke: kyverno test of a one-policy ValidatingPolicy suite", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "tollgate-kyverno-smoke-"));
    writeFileSync(join(work, "policy.yaml"), POLICY);
    writeFileSync(join(work, "resource.yaml"), RESOURCES);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("passes with every row Ok", async () => {
    writeFileSync(
      join(work, "kyverno-test.yaml"),
      testFile([
        { kind: "Pod", name: "goodpod", result: "pass" },
        { kind: "Pod", name: "badpod", result: "fail" },
      ]),
    );
    const report = await runKyvernoTest(work);
    expect(report.notOk, report.output).toEqual([]);
    expect(report.rows.map((r) => [r.resource, r.reason])).toEqual([
      ["v1/Pod/default/goodpod", "Ok"],
      ["v1/Pod/default/badpod", "Ok"],
    ]);
    expect(report.allOk).toBe(true);
  });

  it("reports a wrong expectation as a failed row", async () => {
    writeFileSync(
      join(work, "kyverno-test.yaml"),
      testFile([{ kind: "Pod", name: "badpod", result: "pass" }]),
    );
    const report = await runKyvernoTest(work);
    expect(report.allOk).toBe(false);
    expect(report.notOk.map((r) => r.reason)).toEqual(["Want pass, got fail"]);
  });

  it("does not count a resource the policy never evaluated as a pass", async () => {
    writeFileSync(
      join(work, "kyverno-test.yaml"),
      testFile([{ kind: "ConfigMap", name: "unmatched", result: "fail" }]),
    );
    const report = await runKyvernoTest(work);
    expect(report.allOk).toBe(false);
    expect(report.notOk.length, report.output).toBeGreaterThan(0);
  });
});
