import {
  defineRule,
  eq,
  examplePod,
  exampleContainer,
  exampleDeployment,
  forEachContainer,
  msg,
  param,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { DELIVERY_FOLDERS } from "@tollgate/delivery";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { buildArtifacts } from "./build-artifacts.js";
import { ruleArtifacts } from "./rule-artifacts.js";
import { gatorSuiteOf, kyvernoTestOf } from "./test-suites.js";

const privileged = (name: string) =>
  examplePod(name, { containers: [exampleContainer("app", { securityContext: { privileged: true } })] });
const rule = defineRule({
  meta: {
    id: "no-privileged",
    title: "No Privileged",
    category: "Other" as const,
    severity: "high",
    gate: 5,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  params: { exemptImages: param.stringList("exempt", []) },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(read(c.securityContext.privileged, false), true),
        field: c.securityContext.privileged,
        message: msg`privileged`,
      }),
    ),
  examples: {
    denied: [
      { title: "a privileged pod", object: privileged("bad-pod") },
      { title: "with parameters", object: privileged("bad-param"), params: { exemptImages: ["x"] } },
    ],
    allowed: [
      {
        title: "a plain deployment",
        object: exampleDeployment("good", { containers: [exampleContainer("app")] }),
      },
    ],
  },
});
const options = { version: "1.2.3", docsBaseUrl: "docs/rules/" };

describe("artifacts", () => {
  it("writes a kyverno test with one row per kind and result, for the examples with default parameters", () => {
    const files = kyvernoTestOf(rule);
    const test = parse(files["kyverno-test.yaml"]!) as {
      policies: string[];
      results: { kind: string; result: string; resources: string[]; isValidatingPolicy: boolean }[];
    };
    expect(test.policies).toEqual(["../policy.yaml"]);
    expect(test.results).toEqual([
      {
        isValidatingPolicy: true,
        kind: "Pod",
        policy: "no-privileged",
        resources: ["bad-pod"],
        result: "fail",
      },
      {
        isValidatingPolicy: true,
        kind: "Deployment",
        policy: "no-privileged",
        resources: ["good"],
        result: "pass",
      },
    ]);
    expect(parseAllDocuments(files["resources.yaml"]!).map((d) => d.errors)).toEqual([[], []]);
  });

  it("refuses examples that share a name, since kyverno matches results by name", () => {
    const twin = {
      ...rule,
      examples: {
        denied: [{ title: "a", object: privileged("same") }],
        allowed: [{ title: "b", object: examplePod("same", { containers: [exampleContainer("app")] }) }],
      },
    };
    expect(() => kyvernoTestOf(twin)).toThrow(/both named same/);
  });

  it("writes a gator suite with a Constraint per set of parameters and a case per example", () => {
    const files = gatorSuiteOf(rule);
    const suite = parse(files["suite.yaml"]!) as {
      tests: { constraint: string; cases: { assertions: { violations: string }[] }[] }[];
    };
    expect(suite.tests.map((t) => t.constraint)).toEqual([
      "samples/constraint-0.yaml",
      "samples/constraint-1.yaml",
    ]);
    expect(suite.tests.map((t) => t.cases.map((c) => c.assertions[0]!.violations))).toEqual([
      ["yes", "no"],
      ["yes"],
    ]);
    expect(
      (parse(files["samples/constraint-1.yaml"]!) as { spec: { parameters: { exemptImages: string[] } } })
        .spec.parameters.exemptImages,
    ).toEqual(["x"]);
  });

  it("compiles a rule to every target and stamps version and docs link", () => {
    const a = ruleArtifacts(rule, options);
    expect(a.unsupported).toEqual([]);
    expect(Object.keys(a.files).sort()).toEqual(
      expect.arrayContaining([
        "gatekeeper/template.yaml",
        "gatekeeper/constraint.yaml",
        "kyverno/policy.yaml",
        "vap/policy.yaml",
        "opa/no-privileged.rego",
      ]),
    );
    expect(a.files["gatekeeper/template.yaml"]).toContain("metadata.gatekeeper.sh/version: 1.2.3");
    expect(a.files["kyverno/policy.yaml"]).toContain("tollgate.dev/docs: docs/rules/no-privileged.md");
  });

  it("builds the same bytes twice, with a doc page, a catalogue and the OPA bundle sources", () => {
    const libs = [{ name: "policies-kyverno", dir: "policies-kyverno", rules: [rule] }];
    const a = buildArtifacts(libs, options);
    const b = buildArtifacts(libs, options);
    expect([...a.files]).toEqual([...b.files]);
    expect(a.files.get("docs/rules/no-privileged.md")).toContain("## Denied");
    expect(a.files.get("docs/rules/README.md")).toContain("[no-privileged](no-privileged.md)");
    expect(JSON.parse(a.files.get("policies-kyverno/generated/catalogue.json")!)[0].targets).toEqual([
      "gatekeeper",
      "opa",
      "kyverno",
      "kyverno-cluster-policy",
      "vap",
    ]);
    // The bundle sits with the Gatekeeper library when it is built, else with the first library.
    expect(a.files.has("policies-kyverno/generated/opa-bundle/tollgate/admission.rego")).toBe(true);
    const withOpa = buildArtifacts(
      [...libs, { name: "policies-opa", dir: "policies-opa", rules: [] }],
      options,
    );
    expect(withOpa.files.has("policies-opa/generated/opa-bundle/tollgate/admission.rego")).toBe(true);
    const root = buildArtifacts([{ name: "team", dir: ".", rules: [rule] }], options);
    // Beside the docs and the delivery manifests, everything is under generated/.
    expect(
      [...root.files.keys()]
        .filter((p) => !p.startsWith("docs/") && !DELIVERY_FOLDERS.some((f) => p.startsWith(`${f}/`)))
        .every((p) => p.startsWith("generated/")),
    ).toBe(true);
    expect(root.files.has("deploy/flux/base/kustomization.yaml")).toBe(true);
    expect(() => buildArtifacts([...libs, { name: "again", dir: "again", rules: [rule] }], options)).toThrow(
      /defined twice/,
    );
  });
});
