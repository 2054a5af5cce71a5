import {
  createCelEngine,
  createOracleEngine,
  createRegoEngine,
  type Engine,
  type RuleParams,
} from "@tollgate/engines";
import { describeLocation, type ManifestDocument, type ManifestError } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalError, EvalResult, ResourceRef } from "./eval-result.js";
import type { RenderedResults } from "./report-writer.js";

/** The engines `--engine` accepts. */
export const ENGINE_NAMES = ["oracle", "rego", "cel"] as const;

/** One engine name. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/**
 * Reads `--engine`: one engine's name, or `all` for every engine.
 *
 * @param value - the option's value
 * @returns the engines, in the order of {@link ENGINE_NAMES}
 * @throws naming the choices, when the value is neither
 */
export function parseEngines(value: string): EngineName[] {
  if (value === "all") return [...ENGINE_NAMES];
  if (!(ENGINE_NAMES as readonly string[]).includes(value))
    throw new Error(`--engine must be one of ${[...ENGINE_NAMES, "all"].join(", ")}, got "${value}"`);
  return [value as EngineName];
}

/**
 * Builds the requested engines over the rules.
 *
 * @param names - engine names
 * @param rules - the rules
 * @param params - parameters per rule id
 * @returns the engines, in the order asked
 */
export async function createEngines(
  names: readonly EngineName[],
  rules: readonly RuleIR[],
  params: RuleParams = {},
): Promise<Engine[]> {
  const input = { rules, params };
  const out: Engine[] = [];
  for (const name of names)
    out.push(
      name === "oracle"
        ? createOracleEngine(input)
        : name === "rego"
          ? await createRegoEngine(input)
          : createCelEngine(input),
    );
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
  const meta = (
    typeof d.object["metadata"] === "object" && d.object["metadata"] !== null ? d.object["metadata"] : {}
  ) as Record<string, unknown>;
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

/** What evaluating one document produced. */
export interface DocumentOutcome {
  /** The resource, or undefined when the item was unusable input. */
  readonly resource?: ResourceRef;
  /** One result per rule and engine, engines in the order asked, rules in library order. */
  readonly results: EvalResult[];
  /** Unusable input, an engine that threw, or engines that disagree. */
  readonly errors: EvalError[];
  /** When the results were rendered where they were evaluated (see `renderOutcome`): their report text. */
  readonly rendered?: RenderedResults;
  /** With `rendered`: whether a result failed. */
  readonly failed?: boolean;
  /** With `rendered`: whether a result was an error. */
  readonly errored?: boolean;
}

/**
 * The error entry of an unusable file, document or list item.
 *
 * @param e - the loader's error
 * @returns the error entry
 */
export function inputErrorOf(e: ManifestError): EvalError {
  return {
    file: e.file,
    ...(e.index !== undefined ? { document: e.index } : {}),
    ...(e.item !== undefined ? { item: e.item } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    message: e.message,
  };
}

/**
 * Evaluates every rule on one document in every engine. An engine that throws becomes an error
 * naming the document (fail closed) and the other engines' results are kept; with several
 * engines, each rule whose verdicts differ is an error.
 *
 * @param engines - the engines
 * @param doc - the document
 * @returns results and errors
 */
export function evaluateDocument(engines: readonly Engine[], doc: ManifestDocument): DocumentOutcome {
  const resource = resourceOf(doc);
  const results: EvalResult[] = [];
  const errors: EvalError[] = [];
  const place = {
    file: doc.file,
    document: doc.index,
    ...(doc.item !== undefined ? { item: doc.item } : {}),
    line: doc.line,
  };
  const perEngine: EvalResult[][] = [];
  for (const engine of engines) {
    let rs: EvalResult[];
    try {
      rs = engine.evaluate(doc.object).map((r) => ({
        resource,
        rule: r.rule,
        engine: engine.name,
        verdict: r.verdict,
        messages: r.messages,
      }));
    } catch (e) {
      errors.push({
        ...place,
        message: `${describeLocation(doc)}: engine ${engine.name} failed: ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    perEngine.push(rs);
    results.push(...rs);
  }
  if (perEngine.length > 1) {
    const [first, ...others] = perEngine;
    for (const [i, r] of (first ?? []).entries()) {
      const differing = others.filter((o) => o[i]?.verdict !== r.verdict);
      if (differing.length > 0) {
        errors.push({
          ...place,
          message: `${describeLocation(doc)}: engines disagree on ${r.rule}: ${[r, ...others.map((o) => o[i]!)].map((x) => `${x.engine}=${x.verdict}`).join(", ")}`,
        });
      }
    }
  }
  return { resource, results, errors };
}
