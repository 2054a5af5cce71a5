import { parseArgs } from "node:util";
import type { RuleIR } from "@tollgate/rule-dsl";
import { TOLLGATE_VERSION } from "../version.js";
import { CONFIG_OPTION, CONFIG_USAGE, openProject } from "../config/open-project.js";
import { parseEngines } from "./document-evaluator.js";
import { streamManifests } from "./evaluate-manifests.js";
import { parseWorkers } from "./evaluation-stream.js";
import { parseShard } from "./shard.js";
import type { EvalError } from "./eval-result.js";
import { createJsonWriter, jsonResultIndent } from "./format-json.js";
import { chunkedWriter } from "./json-array-stream.js";
import { createJunitWriter } from "./format-junit.js";
import { createPolicyReportWriter } from "./format-policy-report.js";
import { createSarifWriter, sarifResultIndent } from "./format-sarif.js";
import { createTableWriter } from "./format-table.js";
import type { RenderSpec, ReportWriter } from "./report-writer.js";
import { createProgress } from "./progress.js";

/** Output formats of `tollgate eval`. */
export const OUTPUT_FORMATS = ["table", "json", "sarif", "junit", "policyreport"] as const;

/** The version reported in SARIF. */
const VERSION = TOLLGATE_VERSION;

/** Usage of `tollgate eval`. */
export const EVAL_USAGE = [
  "usage: tollgate eval [--engine oracle|rego|cel|all] [--rules ID,...] [--params FILE] [-o FORMAT] [-v] [--shard I/N] [--workers N|auto] PATH...",
  "",
  "Evaluates every rule on the Kubernetes objects in YAML/JSON files, folders (recursive) or '-'",
  "(standard input): multi-document YAML, JSON, List objects, 'helm template' and 'kustomize",
  "build' output. Objects are reviewed as on CREATE.",
  "",
  "  --engine NAME   oracle (the rules' reference semantics compiled to JavaScript, default),",
  "                  rego (OPA, compiled to wasm), cel (the Kyverno/VAP CEL, compiled to",
  "                  JavaScript; cel-js for anything it does not model), or all (every engine;",
  "                  a disagreement is an error)",
  "  --rules IDS     only these rules (comma-separated ids, e.g. k8sallowedrepos,require-ro-rootfs)",
  "  --params FILE   YAML or JSON mapping rule id to parameters, over the configured ones",
  CONFIG_USAGE,
  "  --category TEXT only rules whose category contains TEXT (case-insensitive)",
  "  --severity LIST only rules of these severities (low,medium,high,critical)",
  "  --gate LIST     only rules of these gates (e.g. 4,5)",
  "  -o FORMAT       table (default, grouped by resource with the failing field and the fix),",
  '                  json ({"results": [...], "errors": [...]}), sarif (SARIF 2.1.0 for code',
  "                  scanning), junit (JUnit XML), policyreport (openreports.io/v1alpha1 Reports)",
  "  -v, --verbose   list passing and skipped rules too (table)",
  "  --shard I/N     only shard I of N (1-based), split by a hash of each document's file path",
  "                  (relative to the working folder) and index: run every shard from the same folder",
  "  --workers N     worker threads (0: none); auto (default) adds one per core once the input is large",
  "",
  "Exit codes: 0 nothing failed, 1 a rule failed, 2 unusable input or an engine error.",
].join("\n");

/**
 * Picks the rules named by `--rules`, failing on an unknown id.
 *
 * @param spec - comma-separated ids, or undefined for all
 * @param rules - every rule
 * @returns the selected rules
 */
export function selectRules(spec: string | undefined, rules: readonly RuleIR[]): RuleIR[] {
  if (!spec) return [...rules];
  const ids = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !rules.some((r) => r.meta.id === id));
  if (unknown.length > 0)
    throw new Error(
      `unknown rule ${unknown.map((u) => `"${u}"`).join(", ")}; see docs/rules/README.md for every id`,
    );
  return rules.filter((r) => ids.includes(r.meta.id));
}

/**
 * Narrows rules by category, severity and gate.
 *
 * @param rules - the rules
 * @param filters - the filters given on the command line
 * @returns the rules that pass every filter
 */
export function filterRules(
  rules: readonly RuleIR[],
  filters: { category?: string; severity?: string; gate?: string },
): RuleIR[] {
  const list = (s: string | undefined) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean)
      : undefined;
  const severities = list(filters.severity);
  const gates = list(filters.gate);
  const bad = severities?.filter((s) => !["low", "medium", "high", "critical"].includes(s)) ?? [];
  if (bad.length > 0) throw new Error(`--severity takes low, medium, high, critical; got ${bad.join(", ")}`);
  return rules.filter(
    (r) =>
      (!filters.category || r.meta.category.toLowerCase().includes(filters.category.toLowerCase())) &&
      (!severities || severities.includes(r.meta.severity)) &&
      (!gates || gates.includes(String(r.meta.gate))),
  );
}

/**
 * Runs `tollgate eval`.
 *
 * @param args - the arguments after `eval`
 * @returns the exit code
 */
export async function runEval(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      engine: { type: "string", default: "oracle" },
      rules: { type: "string" },
      params: { type: "string" },
      output: { type: "string", short: "o", default: "table" },
      verbose: { type: "boolean", short: "v", default: false },
      category: { type: "string" },
      severity: { type: "string" },
      gate: { type: "string" },
      shard: { type: "string" },
      workers: { type: "string", default: "auto" },
      ...CONFIG_OPTION,
    },
    allowPositionals: true,
    strict: true,
  });
  const engines = parseEngines(values.engine);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(values.output))
    throw new Error(`-o must be one of ${OUTPUT_FORMATS.join(", ")}, got "${values.output}"`);
  if (positionals.length === 0)
    throw new Error("no input: give files, folders or '-' for standard input (see tollgate eval --help)");
  const { project, params, ruleErrors } = await openProject(values);
  const rules = filterRules(selectRules(values.rules, project.rules), values);
  if (rules.length === 0)
    throw new Error(
      project.rules.length === 0
        ? "the project has no rules (see tollgate.config and tollgate new rule)"
        : "no rule matches --rules, --category, --severity and --gate together",
    );
  const progress = createProgress(process.stderr, "evaluating");
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  const workers = parseWorkers(values.workers);
  const evaluation = {
    rules,
    engines,
    params,
    workers,
    ...(shard ? { shard } : {}),
    onObject: (n: number) => progress.update(n),
  };
  // Every format is written as the results stream in. The table, JSON and SARIF are rendered
  // where the results are evaluated (worker threads), so only report text reaches this thread.
  const out = chunkedWriter((chunk) => process.stdout.write(chunk));
  const color = process.stdout.isTTY === true && !process.env["NO_COLOR"];
  const writers: Record<(typeof OUTPUT_FORMATS)[number], () => ReportWriter> = {
    table: () => createTableWriter(out.write, rules, { verbose: values.verbose, color }),
    json: () => createJsonWriter(out.write),
    sarif: () => createSarifWriter(out.write, rules, VERSION),
    junit: () => createJunitWriter(out.write),
    policyreport: () => createPolicyReportWriter(out.write, rules),
  };
  const format = values.output as (typeof OUTPUT_FORMATS)[number];
  const writer = writers[format]();
  const renderSpecs: Partial<Record<(typeof OUTPUT_FORMATS)[number], () => RenderSpec>> = {
    table: () => ({ format: "table", verbose: values.verbose, color }),
    json: () => ({ format: "json", indent: jsonResultIndent() }),
    sarif: () => ({ format: "sarif", indent: sarifResultIndent(rules, VERSION) }),
  };
  const render = renderSpecs[format]?.();
  const errors: EvalError[] = [];
  let failed = false;
  let errored = false;
  writer.start();
  for await (const outcome of streamManifests(positionals, {
    ...evaluation,
    ...(render ? { render } : {}),
  })) {
    if (outcome.rendered) writer.rendered(outcome.rendered);
    else writer.results(outcome.results);
    failed ||= outcome.failed === true || outcome.results.some((r) => r.verdict === "fail");
    errored ||= outcome.errored === true || outcome.results.some((r) => r.verdict === "error");
    errors.push(...outcome.errors);
  }
  progress.done();
  writer.end(errors);
  out.flush();
  return errors.length > 0 || errored || ruleErrors ? 2 : failed ? 1 : 0;
}
