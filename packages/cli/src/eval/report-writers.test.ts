import { afterEach, describe, expect, it, vi } from "vitest";
import { parseAllDocuments } from "yaml";
import type { EvalReport, EvalResult, ResourceRef } from "./eval-result.js";
import { createJunitWriter } from "./format-junit.js";
import { createPolicyReportWriter } from "./format-policy-report.js";
import { createTableWriter } from "./format-table.js";
import type { ReportWriter } from "./report-writer.js";

const rules = [
  {
    meta: {
      id: "r1",
      title: "R one",
      description: "d",
      remediation: "Pin the image…",
      severity: "high",
      category: "Best Practices",
      gate: 4,
    },
  },
  {
    meta: {
      id: "r2",
      title: "R two",
      description: "d",
      remediation: "",
      severity: "low",
      category: "Other",
      gate: 5,
    },
  },
] as unknown as Parameters<typeof createTableWriter>[1];

const pod: ResourceRef = {
  apiVersion: "v1",
  kind: "Pod",
  namespace: "shop",
  name: "web",
  file: "app.yaml",
  document: 0,
  line: 1,
};
const role: ResourceRef = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  namespace: "",
  name: "admin",
  file: "-",
  document: 2,
  item: 1,
  line: 9,
};
const results: EvalResult[] = [
  {
    resource: pod,
    rule: "r1",
    engine: "oracle",
    verdict: "fail",
    messages: ["spec.containers[0].image: uses <latest> & more"],
  },
  { resource: pod, rule: "r2", engine: "oracle", verdict: "pass", messages: [] },
  { resource: role, rule: "r1", engine: "oracle", verdict: "skip", messages: [] },
  { resource: role, rule: "r2", engine: "rego", verdict: "error", messages: ["boom"] },
];
const report: EvalReport = {
  results,
  errors: [{ file: "bad.yaml", document: 3, message: "bad.yaml#3: not YAML" }],
};

/** Runs a writer as `tollgate eval` does: start, the results in batches, end with the errors. */
function written(
  create: (write: (text: string | Uint8Array) => void) => ReportWriter,
  batches: readonly (readonly EvalResult[])[] = [report.results],
): string {
  const parts: string[] = [];
  const writer = create((t) => parts.push(typeof t === "string" ? t : Buffer.from(t).toString("utf8")));
  writer.start();
  for (const batch of batches) writer.results(batch);
  writer.end(report.errors);
  return parts.join("");
}

/** Every document of a YAML stream, failing on the first error. */
function loadAll(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw d.errors[0]!;
    return d.toJS() as unknown;
  });
}

describe("-o table", () => {
  const plain = [
    "Pod shop/web  app.yaml#0:1",
    "  FAIL  r1 [oracle]",
    "        spec.containers[0].image: uses <latest> & more",
    "        fix: Pin the image…",
    "",
    "ClusterRole admin  <stdin>#2.items[1]:9",
    "  ERROR r2 [rego]",
    "        boom",
    "",
    "error bad.yaml#3: not YAML",
    "",
    "2 resources, 4 checks: 1 failed, 1 passed, 1 skipped, 2 errors",
    "",
  ].join("\n");

  it("groups failures and errors by resource, with the fix, then input errors and the summary", () => {
    expect(written((w) => createTableWriter(w, rules))).toBe(plain);
  });

  it("counts a resource whose results come in several calls once", () => {
    expect(
      written(
        (w) => createTableWriter(w, rules),
        results.map((r) => [r]),
      ),
    ).toBe(plain);
  });

  it("lists passing and skipped rules with -v, and colours a terminal", () => {
    const e = (code: string, s: string) => `\u001b[${code}m${s}\u001b[0m`;
    expect(written((w) => createTableWriter(w, rules, { verbose: true, color: true }))).toBe(
      [
        `${e("1", "Pod shop/web")}  ${e("2", "app.yaml#0:1")}`,
        `  ${e("31", "FAIL ")} r1 [oracle]`,
        "        spec.containers[0].image: uses <latest> & more",
        `        ${e("36", "fix:")} Pin the image…`,
        `  ${e("32", "pass ")} r2 [oracle]`,
        "",
        `${e("1", "ClusterRole admin")}  ${e("2", "<stdin>#2.items[1]:9")}`,
        `  ${e("2", "skip ")} r1 [oracle]`,
        `  ${e("35", "ERROR")} r2 [rego]`,
        "        boom",
        "",
        `${e("35", "error")} bad.yaml#3: not YAML`,
        "",
        `2 resources, 4 checks: ${e("31", "1 failed")}, 1 passed, 1 skipped, 2 errors`,
        "",
      ].join("\n"),
    );
  });
});

describe("-o junit", () => {
  it("writes a suite per rule, a case per resource and engine, and a suite for unusable input", () => {
    expect(written(createJunitWriter)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="tollgate" tests="5" failures="1" errors="2">',
        '  <testsuite name="r1" tests="2" failures="1" errors="0" skipped="1">',
        '    <testcase classname="r1" name="Pod shop/web (app.yaml#0) [oracle]"><failure message="spec.containers[0].image: uses &lt;latest&gt; &amp; more" type="policy">spec.containers[0].image: uses &lt;latest&gt; &amp; more</failure></testcase>',
        '    <testcase classname="r1" name="ClusterRole admin (-#2) [oracle]"><skipped message="the rule does not apply to this resource"/></testcase>',
        "  </testsuite>",
        '  <testsuite name="r2" tests="2" failures="0" errors="1" skipped="0">',
        '    <testcase classname="r2" name="Pod shop/web (app.yaml#0) [oracle]"/>',
        '    <testcase classname="r2" name="ClusterRole admin (-#2) [rego]"><error message="boom" type="engine">boom</error></testcase>',
        "  </testsuite>",
        '  <testsuite name="tollgate-input" tests="1" failures="0" errors="1" skipped="0">',
        '    <testcase classname="tollgate-input" name="bad.yaml#3"><error message="bad.yaml#3: not YAML" type="input"/></testcase>',
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
  });
});

describe("-o policyreport", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("writes a ClusterReport for cluster-scoped resources and a Report per namespace, stamped with SOURCE_DATE_EPOCH", () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "1700000000");
    const docs = loadAll(written((w) => createPolicyReportWriter(w, rules))) as {
      kind: string;
      metadata: { namespace?: string };
      summary: unknown;
      results: Record<string, unknown>[];
    }[];
    expect(docs.map((d) => `${d.kind} ${d.metadata.namespace ?? ""}`)).toEqual([
      "ClusterReport ",
      "Report shop",
    ]);
    expect(docs.map((d) => d.summary)).toEqual([
      { pass: 0, fail: 0, warn: 0, error: 1, skip: 1 },
      { pass: 1, fail: 1, warn: 0, error: 0, skip: 0 },
    ]);
    expect(docs[1]!.results[0]).toEqual({
      source: "tollgate",
      policy: "r1",
      category: "Best Practices",
      severity: "high",
      timestamp: { seconds: 1700000000, nanos: 0 },
      result: "fail",
      scored: true,
      resources: [{ apiVersion: "v1", kind: "Pod", name: "web", namespace: "shop" }],
      message: "spec.containers[0].image: uses <latest> & more",
      properties: { engine: "oracle", file: "app.yaml", document: "0", gate: "4" },
    });
    expect(
      docs[0]!.results.map((r) => `${String(r["policy"])} ${String(r["result"])} ${String(r["message"])}`),
    ).toEqual(["r1 skip undefined", "r2 error boom"]);
  });
});
