import { CelExprCompiler } from "@tollgate/compiler-cel";
import { createCelEngine, createOracleEngine } from "@tollgate/engines";
import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import type { Expr, RuleIR, ViolationIR } from "@tollgate/rule-dsl";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { runCliBatch } from "./cli-batch.js";
import { checkRuleOnKind, COMPILED_ORACLE, enginesForRule, formatDisagreement } from "./property-check.js";
import { disagreementsOf, formatHarnessSummary, runHarness } from "./run-harness.js";
import { witnessesOf } from "./witnesses.js";

const rule = (id: string) => [...KYVERNO_RULES, ...OPA_RULES].find((r) => r.meta.id === id)!;
const originalCompile = CelExprCompiler.prototype.compile;

/** Breaks one rule of the CEL compiler: `!=` comes out as `==`. */
function breakCelNotEqual(): void {
  CelExprCompiler.prototype.compile = function (this: CelExprCompiler, e: Expr): string {
    if (e.op === "cmp" && e.cmp === "ne") return originalCompile.call(this, { ...e, cmp: "eq" });
    return originalCompile.call(this, e);
  };
}

describe("the property harness", () => {
  afterEach(() => {
    CelExprCompiler.prototype.compile = originalCompile;
  });

  it("finds no disagreement and both witnesses for correct rules", async () => {
    const report = await runHarness({
      rules: [rule("disallow-privilege-escalation"), rule("k8sdisallowedtags")],
      seed: 7,
      runs: 150,
      cliPerKind: 0,
    });
    expect(report.outcomes.length).toBe(16);
    expect(report.outcomes.filter((o) => o.disagreement)).toEqual([]);
    expect(report.witnesses.every((w) => w.ok && w.denied > 0 && w.allowed > 0)).toBe(true);
    expect(report.ok).toBe(true);
    // Every sample went through the compiled CEL evaluator itself, not its cel-js fallback.
    expect(report.cel).toEqual({ unmodelled: 0, uncompiled: [] });
  }, 300_000);

  it("judges the compiled CEL evaluator on its own: a CEL engine that drifts is caught beside a correct cel-js", async () => {
    const r = rule("disallow-privilege-escalation");
    const drifted: RuleIR = {
      ...r,
      violations: r.violations.map((v, i): ViolationIR =>
        i === 0 ? { ...v, when: { op: "not", arg: v.when } } : v,
      ),
    };
    const engines = await enginesForRule(r);
    expect(engines.others.map((e) => e.name)).toEqual([COMPILED_ORACLE, "rego", "cel", "cel-js"]);
    const others = engines.others.map((e) =>
      e.name === "cel" ? { name: "cel", evaluate: createCelEngine({ rules: [drifted] }).evaluate } : e,
    );
    const outcome = checkRuleOnKind(r, "Pod", { ...engines, others }, { seed: 7, runs: 100 });
    expect(outcome.disagreement).toBeDefined();
    expect(outcome.disagreement!.results["cel"]!.verdict).not.toBe(
      outcome.disagreement!.results["cel-js"]!.verdict,
    );
  }, 300_000);

  it("judges the compiled oracle against the interpreter: a compiled form that drifts is caught", async () => {
    const r = rule("disallow-privilege-escalation");
    // What a compiler bug would give: the compiled rule reads its first test negated.
    const drifted: RuleIR = {
      ...r,
      violations: r.violations.map((v, i): ViolationIR =>
        i === 0 ? { ...v, when: { op: "not", arg: v.when } } : v,
      ),
    };
    const engines = await enginesForRule(r);
    const broken = {
      ...engines,
      others: [
        { name: COMPILED_ORACLE, evaluate: createOracleEngine({ rules: [drifted] }).evaluate },
        ...engines.others.slice(1),
      ],
    };
    const outcome = checkRuleOnKind(r, "Pod", broken, { seed: 7, runs: 100 });
    expect(outcome.disagreement).toBeDefined();
    expect(outcome.disagreement!.results[COMPILED_ORACLE]!.verdict).not.toBe(
      outcome.disagreement!.results["oracle"]!.verdict,
    );
    // And the real compiled form agrees (messages too) on the same objects.
    expect(checkRuleOnKind(r, "Pod", engines, { seed: 7, runs: 100 }).disagreement).toBeUndefined();
  }, 300_000);

  it("reports a disagreement found in the retry with an example's parameters as the main run's: engines, seed, manifest, parameters", async () => {
    const r = rule("k8spspfsgroup");
    const main = checkRuleOnKind(r, "Pod", await enginesForRule(r), { seed: 7, runs: 100 });
    expect(main.disagreement).toBeUndefined();
    expect(main.denied).toBe(0);
    // CEL drifts only where the example's parameters make the rule check something.
    const witness = await witnessesOf(r, main, { seed: 7, runs: 100 }, async (withParams) => {
      const engines = await enginesForRule(withParams);
      const drifted: RuleIR = {
        ...withParams,
        violations: withParams.violations.map((v): ViolationIR => ({
          ...v,
          when: { op: "not", arg: v.when },
        })),
      };
      const cel = { name: "cel", evaluate: createCelEngine({ rules: [drifted] }).evaluate };
      return { ...engines, others: engines.others.map((e) => (e.name === "cel" ? cel : e)) };
    });
    expect(witness.ok).toBe(false);
    const d = witness.disagreement!;
    expect(d.found).toBe("witness retry");
    expect(d.params).toMatchObject({ rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] });
    expect(d.results["cel"]!.verdict).not.toBe(d.results["oracle"]!.verdict);
    const text = formatDisagreement(d);
    expect(text).toContain("witness retry; seed 7");
    expect(text).toContain('parameters: {"rule":"MayRunAs"');
    expect(text).toContain("```yaml\napiVersion: v1\nkind: Pod");
    // Counted and listed as a disagreement, not as a missing witness.
    const report = {
      seed: 7,
      runs: 100,
      outcomes: [main],
      parameterDraws: [],
      witnesses: [witness],
      cel: { unmodelled: 0, uncompiled: [] },
      coverage: [],
      coverageShortfalls: [],
      seconds: 1,
      ok: false,
    };
    expect(disagreementsOf(report)).toEqual([d]);
    expect(formatHarnessSummary(report)).toContain("1 disagreements, 0 missing witnesses");
  }, 300_000);

  it("fails with a shrunk counterexample when a compiler rule is broken", async () => {
    breakCelNotEqual();
    const r = rule("disallow-privilege-escalation");
    const outcome = checkRuleOnKind(r, "Pod", await enginesForRule(r), { seed: 7, runs: 200 });
    expect(outcome.disagreement).toBeDefined();
    const d = outcome.disagreement!;
    expect(d.results["cel"]!.verdict).not.toBe(d.results["oracle"]!.verdict);
    const shrunk = parse(d.manifest) as {
      kind: string;
      spec: { containers?: unknown[]; initContainers?: unknown[] };
    };
    expect(shrunk.kind).toBe("Pod");
    // Shrinking leaves a small manifest: at most one container in each list.
    expect((shrunk.spec.containers ?? []).length).toBeLessThanOrEqual(1);
    const text = formatDisagreement(d);
    expect(text).toContain("main run; seed 7");
    expect(text).toContain("parameters: {}");
    expect(text).toContain("```yaml\napiVersion: v1\nkind: Pod");
  }, 300_000);

  it("runs generated objects through the real kyverno (ValidatingPolicy and ClusterPolicy), gator and opa with the oracle's verdicts, and catches a broken compiler there too", async () => {
    const rules = [rule("require-run-as-nonroot"), rule("k8sallowedrepos")];
    const good = await runCliBatch(rules, 10, 11);
    expect(good.objects).toBe(160);
    for (const r of good.results) {
      expect(r.mismatches, r.tool).toEqual([]);
      // The ClusterPolicies are checked on the first 30% of each rule and kind's objects.
      expect(r.checked, r.tool).toBe(r.tool === "kyverno-cluster-policy" ? 48 : 160);
    }
    breakCelNotEqual();
    const broken = await runCliBatch([rule("disallow-privilege-escalation")], 10, 11);
    for (const tool of ["kyverno", "kyverno-cluster-policy"]) {
      const kyverno = broken.results.find((r) => r.tool === tool)!;
      expect(kyverno.mismatches.length, tool).toBeGreaterThan(0);
    }
  }, 300_000);
});
