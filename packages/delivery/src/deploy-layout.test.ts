import { describe, expect, it } from "vitest";
import { deployFiles, kustomizationOf } from "./deploy-layout.js";

describe("deployFiles", () => {
  it("puts each policy in its target's folder under the rule's name, with a kustomization listing them", () => {
    const files = deployFiles(
      new Map([
        ["b-rule/vap/policy.yaml", "vap b"],
        ["a-rule/vap/policy.yaml", "vap a"],
        ["a-rule/gatekeeper/template.yaml", "template a"],
        ["a-rule/gatekeeper/constraint.yaml", "constraint a"],
        ["a-rule/gatekeeper/suite.yaml", "a gator suite"],
        ["a-rule/gatekeeper/samples/denied-0.yaml", "an example Pod"],
        ["a-rule/kyverno/.kyverno-test/kyverno-test.yaml", "a kyverno test"],
        ["opa-bundle/data.json", "{}"],
      ]),
    );
    expect([...files.keys()].sort()).toEqual([
      "deploy/gatekeeper/constraints/a-rule.yaml",
      "deploy/gatekeeper/constraints/kustomization.yaml",
      "deploy/gatekeeper/templates/a-rule.yaml",
      "deploy/gatekeeper/templates/kustomization.yaml",
      "deploy/vap/a-rule.yaml",
      "deploy/vap/b-rule.yaml",
      "deploy/vap/kustomization.yaml",
    ]);
    expect(files.get("deploy/vap/kustomization.yaml")).toBe(kustomizationOf(["a-rule.yaml", "b-rule.yaml"]));
  });
});
