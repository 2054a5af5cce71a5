import { mkdirSync, mkdtempSync, renameSync as renameFolder, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { kyvernoTestRow, yamlStream, yamlText } from "@tollgate/artifacts";
import { clusterPolicyOf, validatingPolicyOf } from "@tollgate/compiler-cel";
import {
  bundlePackageOf,
  bundleSourcesOf,
  constraintOf,
  constraintTemplateOf,
} from "@tollgate/compiler-rego";
import type { RuleIR } from "@tollgate/rule-dsl";
import { requireTool, runCommand, runGatorVerify, runKyvernoTest } from "@tollgate/toolchain";
import { generateCliSamples, type Sample } from "./cli-samples.js";

/** What one real CLI said about the batch. */
export interface CliBatchResult {
  readonly tool: "kyverno" | "kyverno-cluster-policy" | "gator" | "opa";
  /** Objects checked. */
  readonly checked: number;
  /** Objects whose verdict differs from the oracle's (or could not be read), with a reason. */
  readonly mismatches: string[];
  readonly seconds: number;
}

function renameSync(from: string, to: string, makeParent: boolean): void {
  if (makeParent) mkdirSync(dirname(to), { recursive: true });
  renameFolder(from, to);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function kyvernoBatch(
  work: string,
  samples: readonly Sample[],
  policyKind: "ValidatingPolicy" | "ClusterPolicy",
): Promise<CliBatchResult> {
  const start = Date.now();
  const tool = policyKind === "ValidatingPolicy" ? "kyverno" : "kyverno-cluster-policy";
  const root = join(work, tool);
  const stamp = { docsBaseUrl: "docs/rules/", version: "harness" };
  for (const rule of new Set(samples.map((s) => s.rule))) {
    const mine = samples.filter((s) => s.rule === rule);
    const dir = join(root, rule.meta.id);
    write(
      join(dir, "policy.yaml"),
      yamlText(
        policyKind === "ValidatingPolicy"
          ? validatingPolicyOf(rule, {}, stamp)
          : clusterPolicyOf(rule, {}, stamp),
      ),
    );
    write(join(dir, "test", "resources.yaml"), yamlStream(mine.map((s) => s.object)));
    const rows = new Map<string, { kind: string; result: string; resources: string[] }>();
    for (const s of mine) {
      const key = `${s.kind}/${s.verdict}`;
      const row = rows.get(key) ?? { kind: s.kind, result: s.verdict, resources: [] };
      row.resources.push(s.name);
      rows.set(key, row);
    }
    const results = [...rows.values()].map((r) => kyvernoTestRow(policyKind, rule.meta.id, r));
    write(
      join(dir, "test", "kyverno-test.yaml"),
      yamlText({
        apiVersion: "cli.kyverno.io/v1alpha1",
        kind: "Test",
        metadata: { name: rule.meta.id },
        policies: ["../policy.yaml"],
        resources: ["resources.yaml"],
        results,
      }),
    );
  }
  // kyverno test is single-threaded and slow per row: two processes, each over half the rules.
  const ids = [...new Set(samples.map((s) => s.rule.meta.id))];
  const halves = [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)].filter(
    (h) => h.length > 0,
  );
  for (const [i, half] of halves.entries())
    for (const id of half) renameSync(join(root, id), join(root, `part-${i}`, id), true);
  const reports = await Promise.all(halves.map((_, i) => runKyvernoTest(join(root, `part-${i}`))));
  const rows = reports.reduce((n, r) => n + r.rows.length, 0);
  const mismatches = reports.flatMap((report) =>
    report.notOk.map((r) => `${r.policy} ${r.resource}: ${r.reason}`),
  );
  if (rows !== samples.length)
    mismatches.push(`kyverno test reported ${rows} rows for ${samples.length} objects`);
  return { tool, checked: rows, mismatches, seconds: (Date.now() - start) / 1000 };
}

async function gatorBatch(work: string, samples: readonly Sample[]): Promise<CliBatchResult> {
  const start = Date.now();
  const root = join(work, "gator");
  for (const rule of new Set(samples.map((s) => s.rule))) {
    const mine = samples.filter((s) => s.rule === rule);
    const dir = join(root, rule.meta.id);
    write(
      join(dir, "template.yaml"),
      yamlText(constraintTemplateOf(rule, { docsBaseUrl: "docs/rules/", version: "harness" })),
    );
    write(join(dir, "constraint.yaml"), yamlText(constraintOf(rule, {})));
    const cases = mine.map((s, i) => {
      write(join(dir, "samples", `${i}.yaml`), yamlText(s.object));
      return {
        name: s.name,
        object: `samples/${i}.yaml`,
        assertions: [{ violations: s.verdict === "fail" ? "yes" : "no" }],
      };
    });
    write(
      join(dir, "suite.yaml"),
      yamlText({
        kind: "Suite",
        apiVersion: "test.gatekeeper.sh/v1alpha1",
        metadata: { name: rule.meta.id },
        tests: [{ name: rule.meta.id, template: "template.yaml", constraint: "constraint.yaml", cases }],
      }),
    );
  }
  // gator verify is single-threaded too: two processes, each over half the rules.
  const ids = [...new Set(samples.map((s) => s.rule.meta.id))];
  const halves = [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)].filter(
    (h) => h.length > 0,
  );
  for (const [i, half] of halves.entries())
    for (const id of half) renameSync(join(root, id), join(root, `part-${i}`, id), true);
  const reports = await Promise.all(halves.map((_, i) => runGatorVerify(join(root, `part-${i}`, "..."))));
  const passed = reports.reduce((n, r) => n + r.passedCases, 0);
  const failed = reports.reduce((n, r) => n + r.failedCases, 0);
  const mismatches = reports.flatMap((report) =>
    [...report.output.matchAll(/--- FAIL: (.+?)\s+\(/g)].map((m) => `gator case ${m[1]} failed`),
  );
  if (passed !== samples.length)
    mismatches.push(
      `gator verify passed ${passed} of ${samples.length} cases${reports.some((r) => !r.ok && r.failedCases === 0) ? ` (${reports.map((r) => r.output.trim().split("\n").slice(-2).join(" ")).join("; ")})` : ""}`,
    );
  const ok = reports.every((r) => r.ok) && passed === samples.length;
  return {
    tool: "gator",
    checked: passed + failed,
    mismatches: ok ? [] : mismatches,
    seconds: (Date.now() - start) / 1000,
  };
}

async function opaBatch(work: string, samples: readonly Sample[]): Promise<CliBatchResult> {
  const start = Date.now();
  const rules = [...new Set(samples.map((s) => s.rule))];
  const dir = join(work, "opa");
  const sources = bundleSourcesOf(rules, {});
  for (const [path, text] of Object.entries(sources.modules)) write(join(dir, path), text);
  write(join(dir, "data.json"), JSON.stringify(sources.data));
  // One opa process for the whole batch: each object becomes the AdmissionReview input in turn.
  write(
    join(dir, "harness.rego"),
    `package harness\n\nresults := [r |\n  some item in input.items\n  review := {"request": {"operation": "CREATE", "object": item.object}}\n  applies := data.tollgate.rules[item.package].applies with input as review\n  violations := data.tollgate.rules[item.package].violation with input as review\n  r := {"applies": applies, "violations": count(violations)}\n]\n`,
  );
  write(
    join(work, "opa-input.json"),
    JSON.stringify({
      items: samples.map((s) => ({
        package: bundlePackageOf(s.rule).replace(/^tollgate\.rules\./, ""),
        object: s.object,
      })),
    }),
  );
  const opa = await requireTool("opa");
  const r = await runCommand(
    opa,
    ["eval", "-f", "json", "-d", dir, "-i", join(work, "opa-input.json"), "data.harness.results"],
    { timeoutMs: 20 * 60_000 },
  );
  const mismatches: string[] = [];
  if (r.code !== 0)
    return {
      tool: "opa",
      checked: 0,
      mismatches: [`opa eval failed: ${r.stderr.slice(0, 500)}`],
      seconds: (Date.now() - start) / 1000,
    };
  const out = JSON.parse(r.stdout) as {
    result: { expressions: { value: { applies: boolean; violations: number }[] }[] }[];
  };
  const values = out.result[0]?.expressions[0]?.value ?? [];
  samples.forEach((s, i) => {
    const d = values[i];
    const verdict = !d ? "missing" : !d.applies ? "skip" : d.violations > 0 ? "fail" : "pass";
    if (verdict !== s.verdict)
      mismatches.push(`${s.rule.meta.id} ${s.kind}/${s.name}: oracle ${s.verdict}, opa ${verdict}`);
  });
  return { tool: "opa", checked: values.length, mismatches, seconds: (Date.now() - start) / 1000 };
}

/** The share of each rule and kind's objects the ClusterPolicies are checked on. */
const CLUSTER_POLICY_SHARE = 0.3;

/** The first `share` of the samples of each rule and kind (at least one), in order. */
function firstOfEachGroup(samples: readonly Sample[], share: number): Sample[] {
  const sizes = new Map<string, number>();
  for (const s of samples)
    sizes.set(`${s.rule.meta.id}/${s.kind}`, (sizes.get(`${s.rule.meta.id}/${s.kind}`) ?? 0) + 1);
  const taken = new Map<string, number>();
  return samples.filter((s) => {
    const key = `${s.rule.meta.id}/${s.kind}`;
    const n = taken.get(key) ?? 0;
    if (n >= Math.max(1, Math.ceil((sizes.get(key) ?? 0) * share))) return false;
    taken.set(key, n + 1);
    return true;
  });
}

/**
 * The real-CLI differential in batch: a seeded sample of generated objects per rule and kind,
 * with the oracle's verdicts, written out as suites and run through the real `kyverno test`
 * (every row must read Ok) on the ValidatingPolicies and, for a share of each rule and kind, on
 * the ClusterPolicies, `gator verify` on our templates, and `opa eval` on the bundle's Rego.
 *
 * @param rules - the rules
 * @param perKind - objects per rule and kind
 * @param seed - the seed
 * @returns what each CLI said
 */
export async function runCliBatch(
  rules: readonly RuleIR[],
  perKind: number,
  seed: number,
): Promise<{ objects: number; results: CliBatchResult[] }> {
  const work = mkdtempSync(join(tmpdir(), "tollgate-harness-cli-"));
  try {
    const samples = await generateCliSamples(rules, perKind, seed);
    // The three tools run side by side: each is one process over the whole batch. The
    // ClusterPolicies (the same CEL as the ValidatingPolicies, in kyverno.io/v1) follow the
    // ValidatingPolicies on a part of the batch, the first objects of each rule and kind.
    const results = await Promise.all([
      (async () => [
        await kyvernoBatch(work, samples, "ValidatingPolicy"),
        await kyvernoBatch(work, firstOfEachGroup(samples, CLUSTER_POLICY_SHARE), "ClusterPolicy"),
      ])(),
      gatorBatch(work, samples).then((r) => [r]),
      opaBatch(work, samples).then((r) => [r]),
    ]);
    return { objects: samples.length, results: results.flat() };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
