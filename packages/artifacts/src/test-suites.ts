import type { RuleExample, RuleIR } from "@tollgate/rule-dsl";
import { constraintKindOf, constraintOf } from "@tollgate/compiler-rego";
import { CLUSTER_POLICY_RULE } from "@tollgate/compiler-cel";
import { yamlStream, yamlText } from "./yaml-text.js";

/** Files of a generated suite, by path inside the rule's folder. */
export type SuiteFiles = Record<string, string>;

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "example"
  );
}

/**
 * The rule's examples that a shipped suite can check: those outside the namespaces the rule is
 * configured to skip (a policy never evaluates them, so a suite would expect what cannot happen).
 */
function examplesOf(rule: RuleIR): { e: RuleExample; result: "fail" | "pass" }[] {
  const skipped = (e: RuleExample) => {
    const ns = (e.object["metadata"] as { namespace?: unknown } | undefined)?.namespace;
    return typeof ns === "string" && rule.match.excludedNamespaces.includes(ns);
  };
  return [
    ...rule.examples.denied.map((e) => ({ e, result: "fail" as const })),
    ...rule.examples.allowed.map((e) => ({ e, result: "pass" as const })),
  ].filter((c) => !skipped(c.e));
}

/** Every parameter of the rule with its value under `given` (its default where not given), as a key. */
function effectiveParams(rule: RuleIR, given: Readonly<Record<string, unknown>> | undefined): string {
  return JSON.stringify(
    Object.keys(rule.params)
      .sort()
      .map((k) => [k, given?.[k] ?? rule.params[k]!.default]),
  );
}

/**
 * A `kyverno test` suite for the rule's ValidatingPolicy or ClusterPolicy (at `../policy.yaml`), from the examples
 * whose parameters are the policy's (Kyverno policies carry their parameters inline): with no
 * configured parameters, the examples without parameters; with configured ones, the examples
 * whose parameters come to the same values. No suite when no example fits, rather than an
 * empty one that would pass vacuously.
 *
 * @param rule - the rule
 * @param params - the parameters the policy is built with
 * @param policyKind - the kind of the policy under test
 * @returns `kyverno-test.yaml` and `resources.yaml`, or nothing
 */
export function kyvernoTestOf(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>> = {},
  policyKind: "ValidatingPolicy" | "ClusterPolicy" = "ValidatingPolicy",
): SuiteFiles {
  const configured = Object.keys(params).length > 0;
  const target = effectiveParams(rule, params);
  const cases = examplesOf(rule).filter((c) =>
    configured ? effectiveParams(rule, c.e.params) === target : !c.e.params,
  );
  if (cases.length === 0) return {};
  const seen = new Set<string>();
  for (const { e } of cases) {
    // kyverno test matches result rows to resources by name across kinds, so names must be unique.
    const key = String((e.object["metadata"] as { name?: string } | undefined)?.name);
    if (seen.has(key))
      throw new Error(`rule ${rule.meta.id}: two examples are both named ${key}; give them distinct names`);
    seen.add(key);
  }
  const rows = new Map<string, { kind: string; result: string; resources: string[] }>();
  for (const { e, result } of cases) {
    const kind = String(e.object["kind"]);
    const row = rows.get(`${kind}/${result}`) ?? { kind, result, resources: [] };
    row.resources.push(String((e.object["metadata"] as { name?: string }).name));
    rows.set(`${kind}/${result}`, row);
  }
  const test = {
    apiVersion: "cli.kyverno.io/v1alpha1",
    kind: "Test",
    metadata: { name: rule.meta.id },
    policies: ["../policy.yaml"],
    resources: ["resources.yaml"],
    results: [...rows.values()].map((r) => kyvernoTestRow(policyKind, rule.meta.id, r)),
  };
  return { "kyverno-test.yaml": yamlText(test), "resources.yaml": yamlStream(cases.map((c) => c.e.object)) };
}

/**
 * One `results` row of a kyverno test: a ValidatingPolicy's rows say so, a ClusterPolicy's name
 * the rule inside the policy.
 *
 * @param policyKind - the kind of the policy under test
 * @param policy - its name (the rule id)
 * @param row - the resources' kind, their expected result and their names
 * @returns the row
 */
export function kyvernoTestRow(
  policyKind: "ValidatingPolicy" | "ClusterPolicy",
  policy: string,
  row: { readonly kind: string; readonly result: string; readonly resources: readonly string[] },
): Record<string, unknown> {
  return {
    ...(policyKind === "ValidatingPolicy" ? { isValidatingPolicy: true } : { rule: CLUSTER_POLICY_RULE }),
    kind: row.kind,
    policy,
    resources: [...row.resources],
    result: row.result,
  };
}

/**
 * A gator suite for the rule's ConstraintTemplate (`template.yaml` beside it), from its
 * examples: one test per set of parameters, each with its Constraint and one case per example.
 *
 * @param rule - the rule
 * @returns `suite.yaml`, the Constraints and the samples
 */
export function gatorSuiteOf(rule: RuleIR): SuiteFiles {
  const files: SuiteFiles = {};
  const groups = new Map<
    string,
    { params: Record<string, unknown>; cases: { e: RuleExample; result: "fail" | "pass" }[] }
  >();
  for (const c of examplesOf(rule)) {
    const key = JSON.stringify(c.e.params ?? {});
    const g = groups.get(key) ?? { params: { ...(c.e.params ?? {}) }, cases: [] };
    g.cases.push(c);
    groups.set(key, g);
  }
  if (groups.size === 0) return {};
  const tests = [...groups.values()].map((g, i) => {
    const constraintFile = `samples/constraint-${i}.yaml`;
    files[constraintFile] = yamlText(constraintOf(rule, g.params));
    return {
      name: i === 0 ? `${rule.meta.id}-defaults` : `${rule.meta.id}-parameters-${i}`,
      template: "template.yaml",
      constraint: constraintFile,
      cases: g.cases.map(({ e, result }, j) => {
        const sample = `samples/${result === "fail" ? "denied" : "allowed"}-${i}-${j}-${slug(e.title)}.yaml`;
        files[sample] = yamlText(e.object);
        return {
          name: slug(e.title),
          object: sample,
          assertions: [{ violations: result === "fail" ? "yes" : "no" }],
        };
      }),
    };
  });
  files["suite.yaml"] = yamlText({
    kind: "Suite",
    apiVersion: "test.gatekeeper.sh/v1alpha1",
    metadata: { name: constraintKindOf(rule).toLowerCase() },
    tests,
  });
  return files;
}
