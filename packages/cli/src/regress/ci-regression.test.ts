import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { RuleIR } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { REPO_PROJECT } from "../repository-project.test-helpers.js";

const ALL_RULES = REPO_PROJECT.rules;
import { readBaseline } from "./baseline-file.js";
import { CI_CORPUS, ciCorpusPaths } from "./ci-corpus.js";
import { generatedDocuments } from "./generated-corpus.js";
import { regressionExitCode } from "./regression-report.js";
import { runRegression } from "./run-regression.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, "../../bin/tollgate.js");
const repoRoot = resolve(here, "../../../..");
const baselineFile = join(repoRoot, "regress/baseline.yaml");

/** A copy of a rule with one parameter's default changed: a deliberate policy change. */
function withDefault(rule: RuleIR, param: string, value: unknown): RuleIR {
  const copy = structuredClone(rule);
  return {
    ...copy,
    params: { ...copy.params, [param]: { ...copy.params[param]!, default: value as never } },
  };
}

describe("the CI regression corpus", () => {
  it("is reproducible from its seed", () => {
    const a = [...generatedDocuments({ seed: CI_CORPUS.generated.seed, count: 3 })];
    const b = [...generatedDocuments({ seed: CI_CORPUS.generated.seed, count: 3 })];
    const other = [...generatedDocuments({ seed: CI_CORPUS.generated.seed + 1, count: 3 })];
    expect(a.length).toBeGreaterThanOrEqual(19 * 3);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
    // A larger count keeps the first objects, so growing the corpus only adds resources.
    const more = [...generatedDocuments({ seed: CI_CORPUS.generated.seed, count: 4 })].filter(
      (d) => d.index < 3,
    );
    expect(JSON.stringify(more)).toBe(JSON.stringify(a));
  });

  it("matches the committed baseline: `tollgate regress --corpus ci` from the repository root", () => {
    const r = spawnSync(process.execPath, [bin, "regress", "--corpus", "ci"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 120_000,
    });
    // On failure the message is the report itself: every flip with its resource and rule.
    expect(r.status, `${r.stdout.slice(0, 20_000)}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/OK: every verdict matches the baseline/);
    const resources = Number(/tollgate regress: (\d+) resources/.exec(r.stdout)?.[1]);
    // Every anchor resource (about 2,000) and 20 objects of each of the 19 generated kinds.
    expect(resources).toBeGreaterThan(2000 + 19 * 20);
  });

  it("catches a deliberately changed rule, naming the resources and the rule", async () => {
    const baseline = readBaseline(baselineFile);
    expect(baseline, `${baselineFile} is missing`).toBeDefined();
    // Two policy changes: k8sdisallowedtags no longer refuses `latest`, k8sallowedrepos allows no registry.
    const rules = ALL_RULES.map((r) =>
      r.meta.id === "k8sdisallowedtags"
        ? withDefault(r, "tags", [])
        : r.meta.id === "k8sallowedrepos"
          ? withDefault(r, "repos", [])
          : r,
    );
    const { report } = await runRegression({
      paths: ciCorpusPaths(),
      generated: CI_CORPUS.generated,
      rules,
      engines: ["oracle"],
      root: repoRoot,
      baseline,
    });
    expect(report.errors).toEqual([]);
    expect(regressionExitCode(report)).toBe(1);
    expect(report.newResources).toEqual([]);
    expect(report.goneResources).toEqual([]);
    // Only the changed rules flip, each in the direction of its change.
    expect(new Set(report.newlyAllowed.map((c) => c.rule))).toEqual(new Set(["k8sdisallowedtags"]));
    expect(new Set(report.newlyDenied.map((c) => c.rule))).toEqual(new Set(["k8sallowedrepos"]));
    // The kyverno/policies anchor Pod that runs test-nginx:latest is now allowed by the tag rule.
    expect(report.newlyAllowed.map((c) => c.id)).toContain(
      "../shared/anchors/kyverno-policies/pod-security/subrule/restricted/restricted-exclude-capabilities/.kyverno-test/resource.yaml#0 v1/Pod goodpod01",
    );
    // Each newly denied resource had every image in the allowed registry; the message names the image.
    for (const c of report.newlyDenied) expect(c.messages.join("\n")).toMatch(/image/);
    expect(report.newlyDenied.length).toBeGreaterThan(0);
    // Every flip is a real change against the baseline's record of the same resource.
    const byId = new Map(baseline!.resources.map((r) => [JSON.stringify(r.key), r]));
    for (const c of report.newlyAllowed)
      expect(byId.get(JSON.stringify(c.resource))?.deny["k8sdisallowedtags"]).toMatch(/^fail /);
    for (const c of report.newlyDenied)
      expect(byId.get(JSON.stringify(c.resource))?.deny["k8sallowedrepos"]).toBeUndefined();
  });
});
