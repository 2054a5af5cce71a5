import { parseArgs } from "node:util";
import type { RuleIR } from "@tollgate/rule-dsl";
import { ALL_RULES } from "../commands/libraries.js";
import { readParamsFile } from "../commands/params-file.js";
import { exitCodeOf } from "./eval-result.js";
import { ENGINE_NAMES, evaluateManifests, type EngineName } from "./evaluate-manifests.js";
import { formatJson } from "./format-json.js";
import { formatTable } from "./format-table.js";

/** Output formats of `tollgate eval`. */
export const OUTPUT_FORMATS = ["table", "json"] as const;

/** Usage of `tollgate eval`. */
export const EVAL_USAGE = [
  "usage: tollgate eval [--engine oracle|rego|cel|all] [--rules ID,...] [--params FILE] [-o table|json] [-v] PATH...",
  "",
  "Evaluates every rule on the Kubernetes objects in YAML/JSON files, folders (recursive) or '-'",
  "(standard input): multi-document YAML, JSON, List objects, 'helm template' and 'kustomize",
  "build' output. Objects are reviewed as on CREATE.",
  "",
  "  --engine NAME   oracle (the rules' reference semantics, default), rego (OPA, compiled to",
  "                  wasm), cel (the Kyverno/VAP CEL), or all (every engine; a disagreement is an error)",
  "  --rules IDS     only these rules (comma-separated ids, e.g. k8sallowedrepos,require-ro-rootfs)",
  "  --params FILE   YAML or JSON mapping rule id to parameters, overriding our defaults",
  "  -o FORMAT       table (default) or json: {\"results\": [...], \"errors\": [...]}",
  "  -v, --verbose   list passing and skipped rules too (table)",
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
  const ids = spec.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !rules.some((r) => r.meta.id === id));
  if (unknown.length > 0) throw new Error(`unknown rule ${unknown.map((u) => `"${u}"`).join(", ")}; see docs/rules/README.md for every id`);
  return rules.filter((r) => ids.includes(r.meta.id));
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
    },
    allowPositionals: true,
    strict: true,
  });
  const engine = values.engine;
  if (engine !== "all" && !(ENGINE_NAMES as readonly string[]).includes(engine)) throw new Error(`--engine must be one of ${[...ENGINE_NAMES, "all"].join(", ")}, got "${engine}"`);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(values.output)) throw new Error(`-o must be one of ${OUTPUT_FORMATS.join(", ")}, got "${values.output}"`);
  if (positionals.length === 0) throw new Error("no input: give files, folders or '-' for standard input (see tollgate eval --help)");
  const rules = selectRules(values.rules, ALL_RULES);
  const params = values.params ? readParamsFile(values.params, ALL_RULES) : {};
  const engines: EngineName[] = engine === "all" ? [...ENGINE_NAMES] : [engine as EngineName];
  const report = await evaluateManifests(positionals, { rules, engines, params });
  process.stdout.write(values.output === "json" ? formatJson(report) : formatTable(report, rules, { verbose: values.verbose, color: process.stdout.isTTY === true }));
  return exitCodeOf(report);
}
