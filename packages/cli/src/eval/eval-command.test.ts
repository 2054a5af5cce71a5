import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");

function tollgate(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const good = `apiVersion: v1
kind: Pod
metadata: {name: good, namespace: shop, labels: {app.kubernetes.io/name: shop, owner: team-a}}
spec:
  containers:
    - name: app
      image: registry.aibos.internal/shop:1.2.3
`;
const latest = good.replace("name: good", "name: latest").replace("shop:1.2.3", "shop:latest");
const hub = good
  .replace("name: good", "name: hub")
  .replace("registry.aibos.internal/shop:1.2.3", "nginx:1.27");

interface JsonReport {
  results: {
    resource: { kind: string; name: string; namespace: string; file: string; apiVersion: string };
    rule: string;
    engine: string;
    verdict: string;
    messages: string[];
  }[];
  errors: { file: string; message: string }[];
}

describe("tollgate eval", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-eval-"));
    writeFileSync(join(dir, "good.yaml"), good);
    writeFileSync(join(dir, "bad.yaml"), `${latest}---\n${hub}`);
    writeFileSync(
      join(dir, "broken.yaml"),
      `apiVersion: v1\nkind: Pod\nmetadata: {name: x\n---\n${good.replace("name: good", "name: after-broken")}`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the JSON contract and exits 1 when a rule fails", () => {
    const r = tollgate([
      "eval",
      "-o",
      "json",
      "--rules",
      "k8sallowedrepos,k8sdisallowedtags",
      join(dir, "bad.yaml"),
    ]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    const verdict = (name: string, rule: string) =>
      report.results.find((x) => x.resource.name === name && x.rule === rule)?.verdict;
    expect(verdict("latest", "k8sdisallowedtags")).toBe("fail");
    expect(verdict("latest", "k8sallowedrepos")).toBe("pass");
    expect(verdict("hub", "k8sallowedrepos")).toBe("fail");
    expect(report.results[0]!.resource).toMatchObject({
      apiVersion: "v1",
      kind: "Pod",
      namespace: "shop",
      file: join(dir, "bad.yaml"),
    });
    expect(
      report.results.find((x) => x.resource.name === "hub" && x.rule === "k8sallowedrepos")!.messages[0],
    ).toMatch(/^spec\.containers\[0\]\.image: /);
  });

  it("exits 0 when nothing fails", () => {
    const r = tollgate([
      "eval",
      "--rules",
      "k8sallowedrepos,k8sdisallowedtags,k8srequiredlabels",
      join(dir, "good.yaml"),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0 failed/);
  });

  it("gives the same verdicts in every engine with --engine all", () => {
    const r = tollgate(["eval", "--engine", "all", "-o", "json", dir]);
    const report = JSON.parse(r.stdout) as JsonReport;
    const engines = new Set(report.results.map((x) => x.engine));
    expect([...engines].sort()).toEqual(["cel", "oracle", "rego"]);
    expect(report.errors.filter((e) => /disagree/.test(e.message))).toEqual([]);
    const key = (x: JsonReport["results"][number]) => `${x.resource.file}/${x.resource.name}/${x.rule}`;
    const byEngine = (e: string) =>
      new Map(report.results.filter((x) => x.engine === e).map((x) => [key(x), x.verdict]));
    expect(byEngine("rego")).toEqual(byEngine("oracle"));
    expect(byEngine("cel")).toEqual(byEngine("oracle"));
    expect(byEngine("oracle").size).toBeGreaterThan(20);
  });

  it("reports a broken document with file and document, exits 2, and still evaluates the rest", () => {
    const r = tollgate(["eval", "-o", "json", "--rules", "k8sallowedrepos", join(dir, "broken.yaml")]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toContain(`${join(dir, "broken.yaml")}#0`);
    expect(report.results.map((x) => x.resource.name)).toEqual(["after-broken"]);
  });

  it("reads standard input with '-'", () => {
    const r = tollgate(["eval", "-o", "json", "--rules", "k8sdisallowedtags", "-"], latest);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as JsonReport).results[0]).toMatchObject({
      rule: "k8sdisallowedtags",
      verdict: "fail",
      resource: { file: "-" },
    });
  });

  it("applies --params", () => {
    const params = join(dir, "params.yaml");
    writeFileSync(params, "k8sallowedrepos:\n  repos: [nginx]\n");
    const r = tollgate([
      "eval",
      "-o",
      "json",
      "--rules",
      "k8sallowedrepos",
      "--params",
      params,
      join(dir, "bad.yaml"),
    ]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.results.map((x) => `${x.resource.name}:${x.verdict}`)).toEqual(["latest:fail", "hub:pass"]);
  });

  it("writes SARIF 2.1.0 with the file and line of each failing resource", () => {
    const r = tollgate([
      "eval",
      "-o",
      "sarif",
      "--rules",
      "k8sallowedrepos,k8sdisallowedtags",
      join(dir, "bad.yaml"),
    ]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(["k8sallowedrepos", "k8sdisallowedtags"]);
    const lines = run.results
      .map((x) => `${x.ruleId}@${x.locations[0]!.physicalLocation.region.startLine}`)
      .sort();
    // "latest" starts on line 1, "hub" after the separator on line 9.
    expect(lines).toEqual(["k8sallowedrepos@9", "k8sdisallowedtags@1"]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(join(dir, "bad.yaml"));
  });

  it("writes JUnit XML with a failure per failing resource and an error per unusable document", () => {
    const r = tollgate([
      "eval",
      "-o",
      "junit",
      "--rules",
      "k8sdisallowedtags",
      join(dir, "bad.yaml"),
      join(dir, "broken.yaml"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^<\?xml version="1.0"/);
    expect(r.stdout).toContain(
      '<testsuite name="k8sdisallowedtags" tests="3" failures="1" errors="0" skipped="0">',
    );
    expect(r.stdout).toContain(
      '<testsuite name="tollgate-input" tests="1" failures="0" errors="1" skipped="0">',
    );
  });

  it("writes a policy report per namespace (openreports.io/v1alpha1)", () => {
    const r = tollgate(["eval", "-o", "policyreport", "--rules", "k8sallowedrepos", join(dir, "bad.yaml")]);
    expect(r.stdout).toContain("apiVersion: openreports.io/v1alpha1\nkind: Report\n");
    expect(r.stdout).toContain("namespace: shop");
    expect(r.stdout).toMatch(/summary:\n {2}pass: 1\n {2}fail: 1\n {2}warn: 0\n {2}error: 0\n {2}skip: 0/);
  });

  it("filters rules by category, severity and gate", () => {
    const ids = (args: string[]) =>
      [
        ...new Set(
          (
            JSON.parse(tollgate(["eval", "-o", "json", ...args, join(dir, "good.yaml")]).stdout) as JsonReport
          ).results.map((x) => x.rule),
        ),
      ].sort();
    const some = ["--rules", "k8sallowedrepos,k8sdisallowedtags,k8spspprivilegedcontainer,require-ro-rootfs"];
    expect(ids([...some, "--gate", "4", "--severity", "high"])).toEqual([
      "k8sallowedrepos",
      "k8spspprivilegedcontainer",
    ]);
    expect(ids([...some, "--gate", "5"])).toEqual(["require-ro-rootfs"]);
    expect(
      ids([
        "--category",
        "pod security standards (restricted)",
        "--rules",
        "require-run-as-nonroot,k8sallowedrepos",
      ]),
    ).toEqual(["require-run-as-nonroot"]);
    expect(tollgate(["eval", "--severity", "urgent", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--severity takes/),
    });
  });

  it("names an unknown rule or engine and exits 2", () => {
    expect(tollgate(["eval", "--rules", "nope", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown rule "nope"/),
    });
    expect(tollgate(["eval", "--engine", "jq", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--engine must be one of/),
    });
    expect(tollgate(["eval"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no input/) });
  });
});
