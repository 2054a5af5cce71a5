import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defineRule,
  forEachContainer,
  msg,
  not,
  param,
  read,
  startsWith,
  violation,
  any,
  itself,
} from "@tollgate/rule-dsl";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { constraintOf, constraintTemplateOf } from "./gatekeeper.js";
import { compileRuleModule } from "./rego-module.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const rule = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "k8stestrepos",
    constraintKind: "K8sTestRepos",
    title: "Allowed repositories",
    category: "Other" as const,
    severity: "high",
    gate: 4,
    subject: "Pod",
    description: "Images must come from an allowed repository prefix.",
    remediation: "Use an image under an allowed prefix.",
  },
  match: { operations: ["CREATE"] },
  params: { repos: param.stringList("allowed prefixes", ["registry.aibos.internal/"]) },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: not(any(params.repos, (repo) => startsWith(read(c.image, ""), itself(repo)))),
        field: c.image,
        message: msg`container ${c.name} has an invalid image repo ${c.image}`,
      }),
    ),
});

const pod = (image: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "app", image }] },
});
const dump = (o: unknown) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });

describe("Gatekeeper ConstraintTemplate from the Rego compiler", () => {
  it("passes gator verify with the Rego engine, skipping UPDATE when the rule says so", async () => {
    const gator = await requireTool("gator");
    const work = mkdtempSync(join(tmpdir(), "tollgate-gk-"));
    try {
      writeFileSync(
        join(work, "template.yaml"),
        dump(constraintTemplateOf(rule, { docsBaseUrl: "docs/", version: "0.1.0" })),
      );
      writeFileSync(join(work, "constraint.yaml"), dump(constraintOf(rule, {})));
      writeFileSync(join(work, "good.yaml"), dump(pod("registry.aibos.internal/app:1")));
      writeFileSync(join(work, "bad.yaml"), dump(pod("registry.aibos.internal.evil.io/app:1")));
      writeFileSync(
        join(work, "update.yaml"),
        dump({
          kind: "AdmissionReview",
          apiVersion: "admission.k8s.io/v1beta1",
          request: { operation: "UPDATE", object: pod("evil/app:1") },
        }),
      );
      const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d" },
        spec: { template: { spec: pod("docker.io/x:1").spec } },
      };
      writeFileSync(join(work, "deployment.yaml"), dump(deployment));
      const suite = {
        kind: "Suite",
        apiVersion: "test.gatekeeper.sh/v1alpha1",
        tests: [
          {
            name: "repos",
            template: "template.yaml",
            constraint: "constraint.yaml",
            cases: [
              { name: "good", object: "good.yaml", assertions: [{ violations: "no" }] },
              {
                name: "near-miss",
                object: "bad.yaml",
                assertions: [{ violations: 1, message: "spec.containers" }],
              },
              { name: "update", object: "update.yaml", assertions: [{ violations: "no" }] },
              { name: "deployment", object: "deployment.yaml", assertions: [{ violations: 1 }] },
            ],
          },
        ],
      };
      writeFileSync(join(work, "suite.yaml"), dump(suite));
      const r = await runCommand(gator, ["verify", "--enable-k8s-native-validation=false", "-v", work]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("emits Rego v1 that the opa CLI accepts and evaluates to the field path and message", async () => {
    const opa = await requireTool("opa");
    const work = mkdtempSync(join(tmpdir(), "tollgate-rego-"));
    try {
      writeFileSync(join(work, "rule.rego"), compileRuleModule(rule, "gatekeeper"));
      const input = JSON.stringify({
        review: { object: pod("quay.io/app:1") },
        parameters: { repos: ["registry.aibos.internal/"] },
      });
      const r = await runCommand(
        opa,
        [
          "eval",
          "--format",
          "json",
          "--stdin-input",
          "-d",
          join(work, "rule.rego"),
          "data.k8stestrepos.violation",
        ],
        { input },
      );
      expect(r.code, r.stderr).toBe(0);
      const value = (JSON.parse(r.stdout) as { result: { expressions: { value: unknown }[] }[] }).result[0]
        ?.expressions[0]?.value;
      expect(value).toEqual([
        {
          msg: "spec.containers[0].image: container app has an invalid image repo quay.io/app:1",
          details: { field: "spec.containers[0].image" },
        },
      ]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
