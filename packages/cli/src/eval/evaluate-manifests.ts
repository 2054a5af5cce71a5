import { createCelEngine, createOracleEngine, createRegoEngine, type Engine, type RuleParams } from "@tollgate/engines";
import { describeLocation, loadManifests, type LoadOptions, type ManifestDocument } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalReport, EvalResult, ResourceRef } from "./eval-result.js";

/** The engines `--engine` accepts. */
export const ENGINE_NAMES = ["oracle", "rego", "cel"] as const;

/** One engine name. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What to evaluate with. */
export interface EvaluateOptions {
  readonly rules: readonly RuleIR[];
  readonly engines: readonly EngineName[];
  readonly params?: RuleParams;
  readonly load?: LoadOptions;
  /** Called after each object, for progress displays. */
  readonly onObject?: (count: number) => void;
}

/**
 * Builds the requested engines over the rules.
 *
 * @param names - engine names
 * @param rules - the rules
 * @param params - parameters per rule id
 * @returns the engines, in the order asked
 */
export async function createEngines(names: readonly EngineName[], rules: readonly RuleIR[], params: RuleParams = {}): Promise<Engine[]> {
  const input = { rules, params };
  const out: Engine[] = [];
  for (const name of names) out.push(name === "oracle" ? createOracleEngine(input) : name === "rego" ? await createRegoEngine(input) : createCelEngine(input));
  return out;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * Where a document's object came from and what it is.
 *
 * @param d - the document
 * @returns the resource reference
 */
export function resourceOf(d: ManifestDocument): ResourceRef {
  const meta = (typeof d.object["metadata"] === "object" && d.object["metadata"] !== null ? d.object["metadata"] : {}) as Record<string, unknown>;
  return {
    apiVersion: str(d.object["apiVersion"]),
    kind: str(d.object["kind"]),
    namespace: str(meta["namespace"]),
    name: str(meta["name"]) || str(meta["generateName"]),
    file: d.file,
    document: d.index,
    ...(d.item !== undefined ? { item: d.item } : {}),
    line: d.line,
  };
}

/**
 * Reads every manifest under the paths and evaluates every rule on every object in every
 * requested engine. Bad input becomes an error entry naming file and document; the other
 * documents are still evaluated. With several engines, a disagreement is reported as an error.
 *
 * @param paths - files, folders or `-`
 * @param options - rules, engines, parameters
 * @returns results and errors
 */
export async function evaluateManifests(paths: readonly string[], options: EvaluateOptions): Promise<EvalReport> {
  const engines = await createEngines(options.engines, options.rules, options.params);
  const report: EvalReport = { results: [], errors: [] };
  let count = 0;
  for await (const item of loadManifests(paths, options.load)) {
    if (item.type === "error") {
      report.errors.push({ file: item.file, ...(item.index !== undefined ? { document: item.index } : {}), ...(item.item !== undefined ? { item: item.item } : {}), ...(item.line !== undefined ? { line: item.line } : {}), message: item.message });
      continue;
    }
    const resource = resourceOf(item);
    const perEngine: EvalResult[][] = engines.map((engine) =>
      engine.evaluate(item.object).map((r) => ({ resource, rule: r.rule, engine: engine.name, verdict: r.verdict, messages: r.messages })),
    );
    for (const rs of perEngine) report.results.push(...rs);
    if (engines.length > 1) {
      const [first, ...others] = perEngine;
      for (const [i, r] of (first ?? []).entries()) {
        const differing = others.filter((o) => o[i]?.verdict !== r.verdict);
        if (differing.length > 0) {
          report.errors.push({
            file: item.file,
            document: item.index,
            line: item.line,
            message: `${describeLocation(item)}: engines disagree on ${r.rule}: ${[r, ...others.map((o) => o[i]!)].map((x) => `${x.engine}=${x.verdict}`).join(", ")}`,
          });
        }
      }
    }
    count += 1;
    options.onObject?.(count);
  }
  return report;
}
