import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../require-tool.js";
import { runCommand } from "../run-command.js";

const TEMPLATE = `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8ssmokeowner
spec:
  crd:
    spec:
      names:
        kind: K8sSmokeOwner
  targets:
    - target: admission.k8s.gatekeeper.sh
      code:
        - engine: Rego
          source:
            version: "v1"
            rego: |
              package k8ssmokeowner

              violation contains {"msg": msg} if {
                not input.review.object.metadata.labels.owner
                msg := "metadata.labels.owner is required"
              }
`;

const CONSTRAINT = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sSmokeOwner
metadata:
  name: smoke-owner
spec:
  match:
    kinds:
      - apiGroups: [""]
        kinds: ["Pod"]
`;

const pod = (labels: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: smoke
  labels: ${labels}
spec:
  containers:
    - name: app
      image: registry.example/app:1
`;

function suite(expectAllowedViolations: string): string {
  return `kind: Suite
apiVersion: test.gatekeeper.sh/v1alpha1
metadata:
  name: smoke
tests:
  - name: owner-label
    template: template.yaml
    constraint: constraint.yaml
    cases:
      - name: allowed
        object: allowed.yaml
        assertions:
          - violations: ${expectAllowedViolations}
      - name: disallowed
        object: disallowed.yaml
        assertions:
          - violations: 1
            message: owner
`;
}

describe("gator smoke: gator verify of a one-template suite with Rego v1", () => {
  let work: string;
  let gator: string;
  beforeAll(async () => {
    gator = await requireTool("gator");
    work = mkdtempSync(join(tmpdir(), "tollgate-gator-smoke-"));
    writeFileSync(join(work, "template.yaml"), TEMPLATE);
    writeFileSync(join(work, "constraint.yaml"), CONSTRAINT);
    writeFileSync(join(work, "allowed.yaml"), pod("{owner: team-a}"));
    writeFileSync(join(work, "disallowed.yaml"), pod("{}"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("passes a suite whose assertions match the template", async () => {
    writeFileSync(join(work, "suite.yaml"), suite("no"));
    const r = await runCommand(gator, ["verify", "--enable-k8s-native-validation=false", "-v", "."], {
      cwd: work,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok/i);
  });

  it("fails a suite whose assertion is wrong, so the smoke test can fail", async () => {
    writeFileSync(join(work, "suite.yaml"), suite("1"));
    const r = await runCommand(gator, ["verify", "--enable-k8s-native-validation=false", "."], { cwd: work });
    expect(r.code).not.toBe(0);
  });
});
