import { ruleTargetedArbitrary } from "@tollgate/generators";
import { evaluateRule, normalizeObject } from "@tollgate/oracle";
import type { Json, RuleIR } from "@tollgate/rule-dsl";
import fc from "fast-check";
import { drawParameterSets, withParameterDefaults } from "../parameter-draws.js";
import { generatedKindsOf } from "../rule-kinds.js";
import { ruleMutants, type MutationOperator, type RuleMutant } from "./rule-mutants.js";

/** An object a mutant may be told apart on, with the parameters it is judged with. */
export interface MutationCase {
  /** Where it comes from: `example "…"`, or a corpus file and document. */
  readonly source: string;
  readonly object: unknown;
  /** Parameters, when not the rule's defaults. */
  readonly params?: Readonly<Record<string, Json>>;
}

/** An object on which a surviving mutant and its rule differ, found by generation and shrunk. */
export interface MutantWitness {
  /** Where the object belongs among the rule's examples: what the rule says of it. */
  readonly list: "denied" | "allowed";
  readonly object: Record<string, unknown>;
  readonly params?: Readonly<Record<string, Json>>;
}

/** What became of one mutant. */
export interface MutantOutcome {
  readonly id: string;
  readonly operator: MutationOperator;
  /**
   * `killed`: an example or corpus object tells it apart; `equivalent`: the rule says none can;
   * `survived`: none tells it apart (a survivor fails the run).
   */
  readonly status: "killed" | "equivalent" | "survived";
  /** The first case that told it apart. */
  readonly killedBy?: string;
  /** For a survivor: an object that tells it apart, ready to become an example. */
  readonly witness?: MutantWitness;
}

/** The mutation adequacy of one rule. */
export interface MutationReport {
  readonly rule: string;
  readonly mutants: number;
  readonly killed: number;
  readonly equivalent: number;
  /** Survivors: neither killed nor marked equivalent. */
  readonly survivors: MutantOutcome[];
  /**
   * Marks that no longer hold: mutants marked equivalent that a case tells apart, or marks of
   * mutants that do not exist.
   */
  readonly staleMarks: string[];
  /** Every mutant's outcome. */
  readonly outcomes: MutantOutcome[];
}

/** Options of the mutation check. */
export interface MutationOptions {
  /** The seed of the search for a witness of each survivor. */
  readonly seed: number;
  /** Generated objects per kind and parameter set in that search. */
  readonly searchRuns: number;
}

type Decided = "pass" | "fail";

function decided(rule: RuleIR, object: Json, params: Readonly<Record<string, Json>>): Decided | undefined {
  try {
    const v = evaluateRule(rule, object, params, { normalized: true }).verdict;
    return v === "pass" || v === "fail" ? v : undefined;
  } catch {
    // A mutant may build a value its rule never does (an invalid pattern, say): no verdict.
    return undefined;
  }
}

/** Parameter sets drawn for a witness search, beyond the examples'. */
const SEARCH_DRAWS = 6;

/** The rule's parameter sets to search with: the defaults, each distinct example's, then drawn ones. */
function parameterSets(rule: RuleIR, seed: number): Readonly<Record<string, Json>>[] {
  const sets = new Map<string, Readonly<Record<string, Json>>>([["{}", {}]]);
  for (const e of [...rule.examples.denied, ...rule.examples.allowed])
    if (e.params) sets.set(JSON.stringify(e.params), e.params);
  for (const d of drawParameterSets(rule, seed, SEARCH_DRAWS)) sets.set(JSON.stringify(d), d);
  return [...sets.values()];
}

/** Fields an example keeps whatever the mutant reads: what makes it an object of its kind. */
const KEPT = new Set(["apiVersion", "kind", "metadata.name", "metadata.namespace"]);

/**
 * A smaller object that still tells the mutant apart: every field and list element that can go
 * without losing that is removed, one at a time, until none can (fast-check's shrinking stops
 * at the generators' structure, which keeps every field of a container).
 */
function minimized(
  object: Record<string, unknown>,
  differs: (o: unknown) => boolean,
): Record<string, unknown> {
  let current = object;
  for (let changed = true; changed;) {
    changed = false;
    for (const candidate of removals(current, "")) {
      if (differs(candidate)) {
        current = candidate as Record<string, unknown>;
        changed = true;
        break;
      }
    }
  }
  return current;
}

/** Each copy of a value with one field or list element removed (lazily, outermost first). */
function* removals(value: unknown, path: string): Generator<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield value.filter((_, j) => j !== i);
    for (let i = 0; i < value.length; i++)
      for (const inner of removals(value[i], path)) yield value.map((x, j) => (j === i ? inner : x));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const k of keys) {
    const at = path ? `${path}.${k}` : k;
    // A name keeps an element valid (a container, an env var, a volume) and tells it apart.
    if (KEPT.has(at) || k === "name") continue;
    const copy = { ...record };
    delete copy[k];
    yield copy;
  }
  for (const k of keys)
    for (const inner of removals(record[k], path ? `${path}.${k}` : k)) yield { ...record, [k]: inner };
}

/**
 * Searches generated objects (targeted at the rule's fields and literals, on every kind it
 * matches, with its default parameters, then each example's, then drawn ones) for one on which the mutant and
 * the rule give different verdicts; fast-check shrinks it, and every field it can do without is
 * then removed.
 */
function searchWitness(rule: RuleIR, mutant: RuleMutant, o: MutationOptions): MutantWitness | undefined {
  if (o.searchRuns === 0) return undefined;
  for (const params of parameterSets(rule, o.seed)) {
    const biased = withParameterDefaults(rule, params);
    for (const kind of generatedKindsOf(rule)) {
      const property = fc.property(ruleTargetedArbitrary(biased, kind), (raw) => {
        const object = normalizeObject(raw);
        const expected = decided(rule, object, params);
        const got = decided(mutant.rule, object, params);
        return expected === undefined || got === undefined || expected === got;
      });
      const details = fc.check(property, { seed: o.seed, numRuns: o.searchRuns });
      if (!details.failed || !details.counterexample) continue;
      const [object] = details.counterexample;
      const differs = (o: unknown): boolean => {
        const n = normalizeObject(o);
        const expected = decided(rule, n, params);
        const got = decided(mutant.rule, n, params);
        return expected !== undefined && got !== undefined && expected !== got;
      };
      const copy = minimized(JSON.parse(JSON.stringify(object)) as Record<string, unknown>, differs);
      return {
        list: decided(rule, normalizeObject(copy), params) === "fail" ? "denied" : "allowed",
        object: copy,
        ...(Object.keys(params).length > 0 ? { params } : {}),
      };
    }
  }
  return undefined;
}

/**
 * Mutation adequacy of one rule: every mutant ({@link ruleMutants}) must be told apart from the
 * rule by the oracle's verdict on at least one case (the rule's examples, its anchors' tests, the
 * regression corpus), unless the rule marks it as equivalent with a reason. For each survivor, a
 * generated object on which the two differ is searched for and shrunk, ready to paste as an
 * example; none found suggests the mutant may be equivalent.
 *
 * @param rule - the rule
 * @param cases - the objects to tell mutants apart on (examples first)
 * @param options - seed and size of the witness search
 * @returns the report
 */
export function checkRuleMutants(
  rule: RuleIR,
  cases: readonly MutationCase[],
  options: MutationOptions,
): MutationReport {
  const judged = cases.flatMap((c) => {
    const object = normalizeObject(c.object);
    const params = c.params ?? {};
    const verdict = decided(rule, object, params);
    return verdict ? [{ source: c.source, object, params, verdict }] : [];
  });
  const equivalents = rule.equivalentMutants ?? {};
  const mutants = ruleMutants(rule);
  const outcomes = mutants.map((m): MutantOutcome => {
    const killer = judged.find((c) => {
      const got = decided(m.rule, c.object, c.params);
      return got !== undefined && got !== c.verdict;
    });
    const base = { id: m.id, operator: m.operator };
    if (killer) return { ...base, status: "killed", killedBy: killer.source };
    if (m.id in equivalents) return { ...base, status: "equivalent" };
    const witness = searchWitness(rule, m, options);
    return { ...base, status: "survived", ...(witness ? { witness } : {}) };
  });
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const stale = (marks: Iterable<string>, what: string): string[] =>
    [...marks].flatMap((id) => {
      const o = byId.get(id);
      if (!o) return [`${id}: ${what}, but the rule has no such mutant`];
      return o.status === "killed" ? [`${id}: ${what}, but ${o.killedBy} tells it apart`] : [];
    });
  const staleMarks = stale(Object.keys(equivalents), "marked equivalent");
  return {
    rule: rule.meta.id,
    mutants: mutants.length,
    killed: outcomes.filter((o) => o.status === "killed").length,
    equivalent: outcomes.filter((o) => o.status === "equivalent").length,
    survivors: outcomes.filter((o) => o.status === "survived"),
    staleMarks,
    outcomes,
  };
}

/**
 * The cases of a rule's own examples, each with its parameters.
 *
 * @param rule - the rule
 * @returns the cases
 */
export function exampleCases(rule: RuleIR): MutationCase[] {
  return [...rule.examples.denied, ...rule.examples.allowed].map((e) => ({
    source: `example "${e.title}"`,
    object: e.object,
    ...(e.params ? { params: e.params } : {}),
  }));
}
