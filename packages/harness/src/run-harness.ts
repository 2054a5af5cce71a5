import type { RuleIR } from "@tollgate/rule-dsl";
import { runCliBatch, type CliBatchResult } from "./cli-batch.js";
import {
  checkParameterDraws,
  checkRule,
  enginesForRule,
  type Disagreement,
  type KindOutcome,
  type ParameterDrawOutcome,
} from "./property-check.js";
import {
  COVERAGE_FLOOR,
  coverageShortfalls,
  createCoverageCounter,
  type FieldCoverage,
} from "./field-coverage.js";
import { witnessesOf, type WitnessOutcome } from "./witnesses.js";
import { PARAMETER_DRAWS } from "./parameter-draws.js";
import { runAdmissionConformance, type AdmissionReport } from "./admission/run-admission.js";
import { formatAdmissionSummary } from "./admission/format-admission.js";

/** What the harness runs. */
export interface HarnessOptions {
  readonly rules: readonly RuleIR[];
  readonly seed: number;
  /** Generated objects per rule and kind, in process (at least 500 for a full run). */
  readonly runs: number;
  /** Objects per rule and kind for the real CLIs; 0 skips them. */
  readonly cliPerKind: number;
  /**
   * Parameter sets drawn per rule beyond the defaults (default {@link PARAMETER_DRAWS}); each runs
   * a tenth of `runs` (at least 20) objects per kind.
   */
  readonly parameterDraws?: number;
  /**
   * Admission conformance on a real control plane (see {@link runAdmissionConformance}), after
   * the rest: generated objects per rule and kind, and the configured parameters.
   */
  readonly admission?: {
    readonly perKind: number;
    readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly onProgress?: (line: string) => void;
  };
  /** Called as each rule finishes. */
  readonly onRule?: (done: number, total: number, rule: string, outcomes: readonly KindOutcome[]) => void;
}

/** Everything the harness found. */
export interface HarnessReport {
  readonly seed: number;
  readonly runs: number;
  readonly outcomes: KindOutcome[];
  /** The runs with drawn parameters, per rule. */
  readonly parameterDraws: ParameterDrawOutcome[];
  readonly witnesses: WitnessOutcome[];
  readonly cli?: { readonly objects: number; readonly results: CliBatchResult[] };
  /** Admission conformance, when it ran. */
  readonly admission?: AdmissionReport;
  /** (rule, object) evaluations the compiled CEL evaluator left to cel-js, and rules it cannot compile. */
  readonly cel: { readonly unmodelled: number; readonly uncompiled: readonly string[] };
  /** Per rule, how often the samples held each field it reads and each container list it iterates. */
  readonly coverage: FieldCoverage[];
  /** Fields and lists below the coverage floor (the run fails when there is any). */
  readonly coverageShortfalls: string[];
  readonly seconds: number;
  readonly ok: boolean;
}

/**
 * Runs the whole harness: the property check of every rule on every kind it matches in the
 * four in-process engines, the witness check, and (side by side, since they are separate
 * processes) the real-CLI differential in batch.
 *
 * @param o - rules, seed, sample counts, progress callback
 * @returns the report
 */
export async function runHarness(o: HarnessOptions): Promise<HarnessReport> {
  const start = Date.now();
  const cli = o.cliPerKind > 0 ? runCliBatch(o.rules, o.cliPerKind, o.seed) : undefined;
  const outcomes: KindOutcome[] = [];
  const witnesses: WitnessOutcome[] = [];
  let done = 0;
  let unmodelled = 0;
  const uncompiled: string[] = [];
  const coverage: FieldCoverage[] = [];
  const draws: ParameterDrawOutcome[] = [];
  const drawRuns = Math.max(20, Math.floor(o.runs / 10));
  for (const rule of o.rules) {
    const engines = await enginesForRule(rule);
    const counter = createCoverageCounter(rule);
    const ruleOutcomes = await checkRule(rule, { seed: o.seed, runs: o.runs }, engines, counter);
    coverage.push(counter.result());
    unmodelled += engines.celUnmodelled?.() ?? 0;
    uncompiled.push(...(engines.celUncompiled ?? []));
    outcomes.push(...ruleOutcomes);
    if (ruleOutcomes.every((x) => !x.disagreement))
      draws.push(
        await checkParameterDraws(
          rule,
          { seed: o.seed, runs: drawRuns },
          o.parameterDraws ?? PARAMETER_DRAWS,
        ),
      );
    for (const outcome of ruleOutcomes)
      if (!outcome.disagreement)
        witnesses.push(await witnessesOf(rule, outcome, { seed: o.seed, runs: o.runs }));
    done += 1;
    o.onRule?.(done, o.rules.length, rule.meta.id, ruleOutcomes);
    await new Promise((r) => setImmediate(r));
  }
  const cliResult = cli ? await cli : undefined;
  const admission = o.admission ? await admissionOf(o.rules, o.seed, o.admission) : undefined;
  // A run that stopped early on a disagreement has too few samples to judge coverage by.
  const shortfalls = outcomes.some((x) => x.disagreement) ? [] : coverage.flatMap(coverageShortfalls);
  const ok =
    shortfalls.length === 0 &&
    (!admission || admission.ok) &&
    outcomes.every((x) => !x.disagreement) &&
    draws.every((d) => d.outcomes.every((x) => !x.disagreement)) &&
    witnesses.every((w) => w.ok) &&
    outcomes.length > 0 &&
    (!cliResult || cliResult.results.every((r) => r.mismatches.length === 0 && r.checked > 0));
  return {
    seed: o.seed,
    runs: o.runs,
    outcomes,
    parameterDraws: draws,
    witnesses,
    ...(cliResult ? { cli: cliResult } : {}),
    ...(admission ? { admission } : {}),
    cel: { unmodelled, uncompiled },
    coverage,
    coverageShortfalls: shortfalls,
    seconds: (Date.now() - start) / 1000,
    ok,
  };
}

/**
 * Every disagreement of a run, wherever it was found: the main run with default parameters, or
 * the witness retry with an example's.
 *
 * @param report - the harness report
 * @returns the disagreements
 */
export function disagreementsOf(report: HarnessReport): Disagreement[] {
  return [
    ...report.outcomes.flatMap((o) => (o.disagreement ? [o.disagreement] : [])),
    ...report.parameterDraws.flatMap((d) =>
      d.outcomes.flatMap((o) => (o.disagreement ? [o.disagreement] : [])),
    ),
    ...report.witnesses.flatMap((w) => (w.disagreement ? [w.disagreement] : [])),
  ];
}

/**
 * The admission check on every path (Gatekeeper judging with its templates' Rego), then once
 * more with Gatekeeper judging with their CEL (K8sNativeValidation), as one report.
 */
async function admissionOf(
  rules: readonly RuleIR[],
  seed: number,
  a: NonNullable<HarnessOptions["admission"]>,
): Promise<AdmissionReport> {
  const common = {
    rules,
    seed,
    perKind: a.perKind,
    ...(a.params ? { params: a.params } : {}),
    ...(a.onProgress ? { onProgress: a.onProgress } : {}),
  };
  const main = await runAdmissionConformance(common);
  const cel = await runAdmissionConformance({ ...common, targets: ["gatekeeper"], gatekeeperEngine: "cel" });
  return {
    ...main,
    targets: [...main.targets, ...cel.targets],
    startSeconds: main.startSeconds + cel.startSeconds,
    seconds: main.seconds + cel.seconds,
    ok: main.ok && cel.ok,
  };
}

/**
 * The summary table: one line per rule (kinds, samples, disagreements, witnesses), then the
 * real CLIs and the totals.
 *
 * @param report - the harness report
 * @returns text
 */
export function formatHarnessSummary(report: HarnessReport): string {
  const ids = [...new Set(report.outcomes.map((o) => o.rule))];
  const width = Math.max(4, ...ids.map((i) => i.length));
  const lines = [
    `${"rule".padEnd(width)}  kinds  samples  engines                           disagree  witnesses (deny/allow)`,
  ];
  for (const id of ids) {
    const os = report.outcomes.filter((o) => o.rule === id);
    const ws = report.witnesses.filter((w) => w.rule === id);
    const samples = os.reduce((n, o) => n + o.samples, 0);
    const bad = os.filter((o) => o.disagreement).length + ws.filter((w) => w.disagreement).length;
    const missing = ws
      .filter((w) => !w.ok && !w.disagreement)
      .map((w) => `${w.kind} ${w.denied === 0 ? "never denies" : "never allows"}`);
    const params = ws.some((w) => w.params !== "defaults") ? " (with example parameters)" : "";
    lines.push(
      `${id.padEnd(width)}  ${String(os.length).padStart(5)}  ${String(samples).padStart(7)}  oracle·compiled·rego·cel·cel-js  ${String(bad).padStart(8)}  ${missing.length ? `MISSING: ${missing.join(", ")}` : `all ${ws.length} kinds${params}`}`,
    );
  }
  const totalSamples = report.outcomes.reduce((n, o) => n + o.samples, 0);
  const disagreements = disagreementsOf(report).length;
  const noWitness = report.witnesses.filter((w) => !w.ok && !w.disagreement).length;
  lines.push("");
  if (report.cli) {
    lines.push(`real CLIs on ${report.cli.objects} generated objects (oracle verdicts as expected results):`);
    for (const r of report.cli.results)
      lines.push(
        `  ${r.tool.padEnd(22)} ${r.checked} checked, ${r.mismatches.length} mismatches (${r.seconds.toFixed(1)} s)${r.mismatches.length ? `\n    ${r.mismatches.slice(0, 10).join("\n    ")}` : ""}`,
      );
  }
  if (report.admission) lines.push(formatAdmissionSummary(report.admission));
  const fields = report.coverage.flatMap((c) => c.fields.map((f) => ({ c, f })));
  const compared = fields.filter(({ f }) => f.literal !== undefined);
  const least = fields.reduce<{ share: number; what: string } | undefined>((min, { c, f }) => {
    const share = c.samples > 0 ? f.present / c.samples : 0;
    return !min || share < min.share ? { share, what: `${c.rule} ${f.field}` } : min;
  }, undefined);
  lines.push(
    `coverage: ${fields.length} fields and container lists read by ${report.coverage.length} rules, each holding a value in at least ${(COVERAGE_FLOOR * 100).toFixed(1)}% of its rule's samples: ${report.coverageShortfalls.length === 0 ? "all" : `${report.coverageShortfalls.length} do not`}${least ? ` (least: ${least.what}, ${(least.share * 100).toFixed(1)}%)` : ""}; of the ${compared.length} compared with literals, ${compared.filter(({ f }) => (f.literal ?? 0) > 0).length} held one`,
    ...report.coverageShortfalls.slice(0, 20).map((s) => `  BELOW FLOOR ${s}`),
  );
  const celStatic = report.outcomes.reduce((n, o) => n + o.celStaticMessages, 0);
  const celDenials = report.outcomes.reduce((n, o) => n + o.denied, 0);
  lines.push(
    `CEL messages: on ${celDenials - celStatic} of ${celDenials} denied samples each CEL message is one of the oracle's, naming the field and element; ${celStatic} print the policy's static message, as the cluster would (the oracle prints a null, list or map value there)`,
  );
  lines.push(
    `compiled CEL evaluator: ${report.cel.uncompiled.length === 0 ? "every rule compiled" : `rules left to cel-js: ${report.cel.uncompiled.join(", ")}`}; ${report.cel.unmodelled} of ${totalSamples} samples left to cel-js (a case it does not model)`,
  );
  const drawn = report.parameterDraws.filter((d) => d.sets.length > 0);
  const drawSamples = drawn.reduce((n, d) => n + d.outcomes.reduce((m, o) => m + o.samples, 0), 0);
  lines.push(
    `parameter draws: ${drawn.reduce((n, d) => n + d.sets.length, 0)} sets for the ${drawn.length} rules with parameters (defaults, examples' values and schema boundaries: empty lists, one entry, neighbours of numbers), objects biased toward each, ${drawSamples} samples in every engine: ${drawn.reduce((n, d) => n + d.outcomes.filter((o) => o.disagreement).length, 0)} disagreements`,
  );
  lines.push(
    `${ids.length} rules × ${report.outcomes.length} rule-kinds × 5 engines (oracle interpreter, compiled oracle, opa-wasm, compiled CEL, cel-js), ${totalSamples} samples (seed ${report.seed}, ${report.runs} per kind): ${disagreements} disagreements, ${noWitness} missing witnesses, ${report.seconds.toFixed(1)} s`,
  );
  lines.push(report.ok ? "HARNESS PASSED" : "HARNESS FAILED");
  return `${lines.join("\n")}\n`;
}
