import { yamlText } from "@tollgate/artifacts";
import {
  createCelEngine,
  createOracleEngine,
  createRegoEngine,
  type Engine,
  type EngineResult,
} from "@tollgate/engines";
import { ruleTargetedArbitrary } from "@tollgate/generators";
import type { Json, RuleIR } from "@tollgate/rule-dsl";
import fc from "fast-check";
import type { CoverageCounter } from "./field-coverage.js";
import { generatedKindsOf } from "./rule-kinds.js";
import { drawParameterSets, PARAMETER_DRAWS, withParameterDefaults } from "./parameter-draws.js";

/** An engine judged against the oracle, under the name its results are reported by. */
export interface JudgedEngine {
  readonly name: string;
  readonly evaluate: Engine["evaluate"];
}

/** Engines for one rule: the oracle first, then the engines judged against it. */
export interface RuleEngines {
  readonly oracle: Engine;
  readonly others: readonly JudgedEngine[];
  /** How many (rule, object) evaluations the compiled CEL evaluator has left to cel-js so far. */
  readonly celUnmodelled?: () => number;
  /** Rules the compiled CEL evaluator cannot compile (they run on cel-js under the name `cel`). */
  readonly celUncompiled?: readonly string[];
}

/** A disagreement between an engine and the oracle, with everything needed to reproduce it. */
export interface Disagreement {
  readonly rule: string;
  readonly kind: string;
  readonly seed: number;
  readonly path?: string;
  /** Verdict and messages per engine. */
  readonly results: Readonly<Record<string, EngineResult>>;
  /** The shrunk manifest, as YAML. */
  readonly manifest: string;
  /** The parameters every engine judged with (the rule's defaults, or an example's). */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * Where it was found: the main run with the defaults, a run with drawn parameters, or the
   * witness retry with an example's parameters.
   */
  readonly found: "main run" | "parameter draw" | "witness retry";
}

/** The outcome of one rule and kind. */
export interface KindOutcome {
  readonly rule: string;
  readonly kind: string;
  readonly samples: number;
  /** Oracle verdicts seen: how many denied (fail) and allowed (pass). */
  readonly denied: number;
  readonly allowed: number;
  /**
   * CEL denials that carried the policy's static message: the messageExpression could not print a
   * value the oracle prints as JSON (null, a list, a map), or its text spans lines, which
   * Kubernetes and Kyverno replace with the static message too.
   */
  readonly celStaticMessages: number;
  readonly disagreement?: Disagreement;
}

/** Options of the property check. */
export interface PropertyOptions {
  readonly seed: number;
  /** Samples per rule and kind. */
  readonly runs: number;
}

/**
 * Builds the engines for a rule (default parameters): the oracle's interpreter (the reference),
 * the oracle compiled to closures (what `tollgate eval` runs by default), opa-wasm over the rule's
 * compiled bundle, and its compiled CEL on two evaluators: Tollgate's own (`cel`, what
 * `tollgate eval --engine cel` runs) and cel-js (`cel-js`).
 *
 * @param rule - the rule
 * @param params - parameters other than the defaults (complete or partial)
 * @returns the engines
 */
export async function enginesForRule(
  rule: RuleIR,
  params?: Readonly<Record<string, unknown>>,
): Promise<RuleEngines> {
  const input = { rules: [rule], ...(params ? { params: { [rule.meta.id]: params } } : {}) };
  const compiled: JudgedEngine = { name: COMPILED_ORACLE, evaluate: createOracleEngine(input).evaluate };
  const cel = createCelEngine(input);
  const celJs: JudgedEngine = {
    name: "cel-js",
    evaluate: createCelEngine(input, { evaluator: "cel-js" }).evaluate,
  };
  return {
    oracle: createOracleEngine(input, { mode: "interpreted" }),
    others: [compiled, await createRegoEngine(input), cel, celJs],
    celUnmodelled: () => cel.unmodelled,
    celUncompiled: cel.uncompiledRules,
  };
}

/** The name the compiled oracle goes by in the harness's results (`oracle` is the interpreter). */
export const COMPILED_ORACLE = "oracle-compiled";

/** Engines whose messages must equal the oracle's byte for byte, not only their verdicts. */
const EXACT_MESSAGES = new Set([COMPILED_ORACLE, "rego"]);

/** Engines that give one message per failed validation: each must be one of the oracle's. */
const CEL_ENGINES = new Set(["cel", "cel-js"]);

/** How an engine's result compares with the oracle's. */
type Agreement = "agree" | "static message" | "disagree";

function agreement(
  oracle: EngineResult,
  other: EngineResult,
  engine: string,
  staticMessage: string,
): Agreement {
  if (oracle.verdict !== other.verdict) return "disagree";
  if (EXACT_MESSAGES.has(engine))
    return JSON.stringify(oracle.messages) === JSON.stringify(other.messages) ? "agree" : "disagree";
  if (!CEL_ENGINES.has(engine) || other.verdict !== "fail") return "agree";
  let fallback = false;
  for (const m of other.messages) {
    if (oracle.messages.includes(m)) continue;
    if (m !== staticMessage) return "disagree";
    fallback = true;
  }
  return fallback ? "static message" : "agree";
}

/**
 * Checks one rule on one kind: `runs` generated objects (targeted at the rule's fields and
 * literals) through every engine; the first disagreement with the oracle is shrunk by fast-check
 * and returned with the seed and the manifest. The compiled oracle's and Rego's messages must
 * equal the interpreter's byte for byte (all build them with concatenation); CEL carries one
 * message per failed validation (its messageExpression's, for the first offending element), and
 * each must be one of the oracle's, or the policy's static message where the cluster would print
 * that too (counted in {@link KindOutcome.celStaticMessages}).
 *
 * @param rule - the rule
 * @param kind - a kind it matches
 * @param engines - its engines
 * @param options - seed and runs
 * @returns the outcome
 */
export function checkRuleOnKind(
  rule: RuleIR,
  kind: string,
  engines: RuleEngines,
  options: PropertyOptions,
  found: Disagreement["found"] = "main run",
  observe?: (object: unknown) => void,
): KindOutcome {
  let denied = 0;
  let allowed = 0;
  let samples = 0;
  let celStaticMessages = 0;
  let counting = true;
  const staticMessage = `${rule.meta.title}: ${rule.meta.remediation}`;
  const results = (object: unknown): Record<string, EngineResult> => {
    const out: Record<string, EngineResult> = { oracle: engines.oracle.evaluate(object)[0]! };
    for (const e of engines.others) out[e.name] = e.evaluate(object)[0]!;
    return out;
  };
  const property = fc.property(ruleTargetedArbitrary(rule, kind), (object) => {
    const r = results(object);
    if (counting) {
      samples += 1;
      observe?.(object);
      if (r["oracle"]!.verdict === "fail") denied += 1;
      if (r["oracle"]!.verdict === "pass") allowed += 1;
    }
    const verdicts = engines.others.map((e) => agreement(r["oracle"]!, r[e.name]!, e.name, staticMessage));
    const ok = !verdicts.includes("disagree");
    if (!ok) counting = false;
    else if (counting && verdicts.includes("static message")) celStaticMessages += 1;
    return ok;
  });
  const details = fc.check(property, { seed: options.seed, numRuns: options.runs });
  const base = { rule: rule.meta.id, kind, samples, denied, allowed, celStaticMessages };
  if (!details.failed || !details.counterexample) return base;
  const [object] = details.counterexample;
  return {
    ...base,
    disagreement: {
      rule: rule.meta.id,
      kind,
      seed: options.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      results: results(object),
      manifest: yamlText(object),
      params: Object.fromEntries(Object.entries(rule.params).map(([k, p]) => [k, p.default])),
      found,
    },
  };
}

/**
 * Checks every kind a rule matches.
 *
 * @param rule - the rule
 * @param options - seed and runs
 * @param engines - engines to use (built for the rule when absent)
 * @param coverage - a counter each generated object is shown to
 * @returns one outcome per kind
 */
export async function checkRule(
  rule: RuleIR,
  options: PropertyOptions,
  engines?: RuleEngines,
  coverage?: CoverageCounter,
): Promise<KindOutcome[]> {
  const e = engines ?? (await enginesForRule(rule));
  return generatedKindsOf(rule).map((kind) =>
    checkRuleOnKind(rule, kind, e, options, "main run", coverage ? (o) => coverage.observe(o) : undefined),
  );
}

/**
 * A disagreement as a report ready to paste into a bug.
 *
 * @param d - the disagreement
 * @returns text
 */
export function formatDisagreement(d: Disagreement): string {
  const verdicts = Object.entries(d.results)
    .map(
      ([engine, r]) =>
        `  ${engine}: ${r.verdict}${r.messages.length ? `\n    ${r.messages.join("\n    ")}` : ""}`,
    )
    .join("\n");
  return [
    `engines disagree on rule ${d.rule} for a ${d.kind} (${d.found}; seed ${d.seed}${d.path ? `, path ${d.path}` : ""}; rerun with TOLLGATE_SEED=${d.seed} or --seed ${d.seed})`,
    `parameters: ${JSON.stringify(d.params)}`,
    verdicts,
    "shrunk manifest:",
    "```yaml",
    d.manifest.trimEnd(),
    "```",
  ].join("\n");
}

/** What the runs with drawn parameters of one rule found. */
export interface ParameterDrawOutcome {
  readonly rule: string;
  /** The parameter sets drawn. */
  readonly sets: readonly Readonly<Record<string, Json>>[];
  /** One outcome per set and kind. */
  readonly outcomes: KindOutcome[];
}

/**
 * Runs a rule's property check again with drawn parameters (see {@link drawParameterSets}): for
 * each set, engines judge with it, and generated objects are biased toward it (its values stand
 * in for the defaults the generators read). The opa-wasm build is shared: parameters are data.
 *
 * @param rule - the rule
 * @param options - seed, and runs per set and kind
 * @param count - how many sets to draw
 * @returns the sets and their outcomes; the first disagreement ends the runs
 */
export async function checkParameterDraws(
  rule: RuleIR,
  options: PropertyOptions,
  count = PARAMETER_DRAWS,
): Promise<ParameterDrawOutcome> {
  const sets = drawParameterSets(rule, options.seed, count);
  const outcomes: KindOutcome[] = [];
  for (const params of sets) {
    const engines = await enginesForRule(rule, params);
    const biased = withParameterDefaults(rule, params);
    for (const kind of generatedKindsOf(rule)) {
      const outcome = checkRuleOnKind(biased, kind, engines, options, "parameter draw");
      outcomes.push(outcome);
      if (outcome.disagreement) return { rule: rule.meta.id, sets, outcomes };
    }
  }
  return { rule: rule.meta.id, sets, outcomes };
}
