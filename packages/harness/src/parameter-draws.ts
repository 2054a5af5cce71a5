import { checkRuleParams, type Json, type ParamIR, type ParamSchema, type RuleIR } from "@tollgate/rule-dsl";

/** Parameter sets drawn per rule in a property run, besides the defaults. */
export const PARAMETER_DRAWS = 3;

function distinct(values: readonly Json[]): Json[] {
  const seen = new Map<string, Json>();
  for (const v of values) seen.set(JSON.stringify(v), v);
  return [...seen.values()];
}

/**
 * The values a parameter is drawn from: its default and every example's value, and the
 * boundaries its schema allows (an empty list, a list of one entry, a one-element-shorter list,
 * the empty string, a number and its neighbours, both booleans).
 */
function candidatesOf(p: ParamIR, examples: readonly Json[]): Json[] {
  const known = [p.default, ...examples];
  const byType = (schema: ParamSchema): Json[] => {
    switch (schema.type) {
      case "array": {
        const lists = known.filter((v): v is Json[] => Array.isArray(v));
        return [
          [],
          ...lists.filter((l) => l.length > 0).map((l) => [l[0]!]),
          ...lists.filter((l) => l.length > 1).map((l) => l.slice(1)),
          // An empty string entry: a prefix of every value, a pattern that matches anything.
          ...(schema.items?.type === "string" ? [[""]] : []),
        ];
      }
      case "integer":
      case "number": {
        const numbers = known.filter((v): v is number => typeof v === "number");
        return [0, ...numbers.flatMap((n) => [n - 1, n + 1])];
      }
      case "boolean":
        return [true, false];
      case "string":
        return [""];
      case "object":
        return [];
    }
  };
  return distinct([...known, ...byType(p.schema)]);
}

/** A small seeded generator (mulberry32): the same seed draws the same sets on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Parameter sets for a rule's property run beyond its defaults: each parameter takes one of its
 * candidates (its default, its examples' values, its schema's boundaries), drawn from the seed.
 * Every set is valid for the rule's schema (patterns compile), differs from the defaults and
 * from the others; a rule without parameters has none.
 *
 * @param rule - the rule
 * @param seed - the run's seed
 * @param count - how many sets at most
 * @returns the sets, complete (every parameter named)
 */
export function drawParameterSets(
  rule: RuleIR,
  seed: number,
  count = PARAMETER_DRAWS,
): Record<string, Json>[] {
  const names = Object.keys(rule.params);
  if (names.length === 0) return [];
  const examples = [...rule.examples.denied, ...rule.examples.allowed].flatMap((e) =>
    e.params ? [e.params] : [],
  );
  const candidates = names.map((n) =>
    candidatesOf(
      rule.params[n]!,
      examples.flatMap((e) => (e[n] === undefined ? [] : [e[n]])),
    ),
  );
  const defaults = JSON.stringify(names.map((n) => rule.params[n]!.default));
  const seen = new Set([defaults]);
  const next = random(seed ^ hash(rule.meta.id));
  const sets: Record<string, Json>[] = [];
  // Each attempt draws a value for every parameter; a bounded number of attempts, as a draw may
  // repeat a set or break the schema.
  for (let attempt = 0; attempt < count * 20 && sets.length < count; attempt++) {
    const values = candidates.map((c) => c[Math.floor(next() * c.length)]!);
    const key = JSON.stringify(values);
    if (seen.has(key)) continue;
    seen.add(key);
    const set = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    if (checkRuleParams(rule, set).length === 0) sets.push(set);
  }
  return sets;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The rule with these parameters as its defaults: what generation is biased toward, and what a
 * report names as the parameters.
 *
 * @param rule - the rule
 * @param params - complete parameters
 * @returns the rule
 */
export function withParameterDefaults(rule: RuleIR, params: Readonly<Record<string, Json>>): RuleIR {
  return {
    ...rule,
    params: Object.fromEntries(
      Object.entries(rule.params).map(([k, p]) => [k, { ...p, default: params[k] ?? p.default }]),
    ),
  };
}
