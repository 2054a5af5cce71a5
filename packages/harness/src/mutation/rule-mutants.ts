import type { Comparison, Expr, Iteration, Json, PathSegment, RuleIR, ViolationIR } from "@tollgate/rule-dsl";

/** The kinds of change a mutant makes to a rule. */
export type MutationOperator =
  | "comparison shifted"
  | "string test widened"
  | "literal changed"
  | "list element dropped"
  | "negation removed"
  | "quantifier swapped"
  | "container list dropped"
  | "default flipped"
  | "parameter ignored";

/** A rule with one small change in what it decides. */
export interface RuleMutant {
  /**
   * Where and what, stable while the rule is unchanged: `violations[0].when.args[1]: ge → gt`.
   * A rule marks an equivalent mutant by this text.
   */
  readonly id: string;
  readonly operator: MutationOperator;
  readonly rule: RuleIR;
}

/** One change at one node: the operator, a short description, and the node that replaces it. */
interface NodeChange {
  readonly operator: MutationOperator;
  readonly what: string;
  readonly replacement: Expr;
}

/** The comparison each operator is shifted to: its boundary moved, or equality inverted. */
const SHIFTED: Readonly<Record<Comparison, Comparison>> = {
  eq: "ne",
  ne: "eq",
  lt: "le",
  le: "lt",
  gt: "ge",
  ge: "gt",
};

const QUANTIFIER_SWAP = { all: "any", any: "all", none: "any", one: "any" } as const;

function short(v: Json): string {
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A literal that differs from `v`, of the same type where one exists. */
function changedLiteral(v: Json): Json | undefined {
  if (typeof v === "boolean") return !v;
  if (typeof v === "number") return v + 1;
  if (typeof v === "string") return v === "" ? "tollgate-mutant" : `${v}-mutant`;
  return undefined;
}

/** The changes this node alone allows (not those of its children). */
function changesAt(e: Expr, rule: RuleIR): NodeChange[] {
  switch (e.op) {
    case "cmp":
    case "qcmp":
      return [
        {
          operator: "comparison shifted",
          what: `${e.cmp} → ${SHIFTED[e.cmp]}`,
          replacement: { ...e, cmp: SHIFTED[e.cmp] },
        },
      ];
    case "startsWith":
    case "endsWith":
      return [
        {
          operator: "string test widened",
          what: `${e.op} → contains`,
          replacement: { op: "contains", s: e.s, t: e.t },
        },
      ];
    case "lit": {
      const list = e.value;
      if (Array.isArray(list))
        return list.map((item, i) => ({
          operator: "list element dropped" as const,
          what: `drop ${short(item)}`,
          replacement: { op: "lit" as const, value: list.filter((_, j) => j !== i) },
        }));
      const changed = changedLiteral(e.value);
      return changed === undefined
        ? []
        : [
            {
              operator: "literal changed",
              what: `${short(e.value)} → ${short(changed)}`,
              replacement: { op: "lit", value: changed },
            },
          ];
    }
    case "not":
      return [{ operator: "negation removed", what: "not removed", replacement: e.arg }];
    case "all":
    case "any":
    case "none":
    case "one":
      return [
        {
          operator: "quantifier swapped",
          what: `${e.op} → ${QUANTIFIER_SWAP[e.op]}`,
          replacement: { ...e, op: QUANTIFIER_SWAP[e.op] },
        },
      ];
    case "get": {
      // An absent string read as "" against another string no rule compares with is no change
      // worth an example; booleans, numbers and named defaults (`RunAsAny`) are.
      const changed = e.default === "" ? undefined : changedLiteral(e.default);
      return changed === undefined
        ? []
        : [
            {
              operator: "default flipped",
              what: `default ${short(e.default)} → ${short(changed)}`,
              replacement: { ...e, default: changed },
            },
          ];
    }
    case "param": {
      const p = rule.params[e.name];
      return p
        ? [
            {
              operator: "parameter ignored",
              what: `parameter ${e.name} → its default ${short(p.default)}`,
              replacement: { op: "lit", value: p.default },
            },
          ]
        : [];
    }
    default:
      return [];
  }
}

/** A node's children, each with its name in the location and a way to put a new one in its place. */
function childrenOf(e: Expr): { name: string; child: Expr; rebuild: (c: Expr) => Expr }[] {
  const one = <K extends string>(key: K) => ({
    name: key,
    child: (e as unknown as Record<K, Expr>)[key],
    rebuild: (c: Expr) => ({ ...e, [key]: c }) as Expr,
  });
  switch (e.op) {
    case "get":
    case "has":
      return [
        one("base"),
        ...segmentChildren(e.path).map(({ i, child }) => ({
          name: `path[${i}]`,
          child,
          rebuild: (c: Expr) => ({ ...e, path: e.path.map((s, j) => (j === i ? c : s)) }) as Expr,
        })),
      ];
    case "cmp":
    case "qcmp":
      return [one("left"), one("right")];
    case "and":
    case "or":
      return e.args.map((child, i) => ({
        name: `args[${i}]`,
        child,
        rebuild: (c: Expr) => ({ ...e, args: e.args.map((a, j) => (j === i ? c : a)) }),
      }));
    case "not":
      return [one("arg")];
    case "startsWith":
    case "endsWith":
    case "contains":
    case "trimSuffix":
      return [one("s"), one("t")];
    case "matches":
      return [one("s"), one("pattern")];
    case "in":
      return [one("item"), one("list")];
    case "all":
    case "any":
    case "none":
    case "one":
      return [one("list"), one("body")];
    case "size":
    case "isQuantity":
    case "keys":
      return [one("arg")];
    case "imagePart":
      return [one("image")];
    case "join":
      return [one("list")];
    case "if":
      return [one("cond"), one("then"), one("else")];
    case "array":
      return e.items.map((child, i) => ({
        name: `items[${i}]`,
        child,
        rebuild: (c: Expr) => ({ ...e, items: e.items.map((a, j) => (j === i ? c : a)) }),
      }));
    // Messages and field paths do not decide a verdict.
    case "concat":
    case "pathOf":
    case "lit":
    case "object":
    case "podSpec":
    case "param":
    case "var":
    case "let":
      return [];
  }
}

function segmentChildren(path: readonly PathSegment[]): { i: number; child: Expr }[] {
  return path.flatMap((s, i) => (typeof s === "string" ? [] : [{ i, child: s }]));
}

/** Every change below and at a node, each with its location and the whole new node. */
/** The field a `has` or `get` reads, as a key: its base and its path. */
function fieldKey(e: { readonly base: Expr; readonly path: readonly PathSegment[] }): string {
  return JSON.stringify([e.base, e.path]);
}

/** The fields a condition, when it holds, says are present (`has`, and `and`s of them). */
function presentWhenTrue(e: Expr): string[] {
  if (e.op === "has") return [fieldKey(e)];
  if (e.op === "and") return e.args.flatMap(presentWhenTrue);
  if (e.op === "not") return presentWhenFalse(e.arg);
  return [];
}

/** The fields a condition, when it fails, says are present (`not has`, and `or`s of them). */
function presentWhenFalse(e: Expr): string[] {
  if (e.op === "not") return presentWhenTrue(e.arg);
  if (e.op === "or") return e.args.flatMap(presentWhenFalse);
  return [];
}

/**
 * Every change below and at a node, each with its location and the whole new node. `present`
 * holds the fields known to be there wherever this node is evaluated: an `and` reads its later
 * conditions only where the earlier ones hold, an `or` only where they fail. The default of a read
 * of such a field is never used, so flipping it is no mutant.
 */
function mutationsOf(
  e: Expr,
  where: string,
  rule: RuleIR,
  present: ReadonlySet<string> = new Set(),
): { where: string; change: NodeChange }[] {
  const unread = e.op === "get" && present.has(fieldKey(e));
  const here = (unread ? [] : changesAt(e, rule)).map((change) => ({ where, change }));
  const guarded = (i: number): ReadonlySet<string> => {
    if (e.op !== "and" && e.op !== "or") return present;
    const facts = e.args.slice(0, i).flatMap(e.op === "and" ? presentWhenTrue : presentWhenFalse);
    return facts.length === 0 ? present : new Set([...present, ...facts]);
  };
  const below = childrenOf(e).flatMap(({ name, child, rebuild }, i) =>
    mutationsOf(child, `${where}.${name}`, rule, guarded(i)).map(({ where: w, change }) => ({
      where: w,
      change: { ...change, replacement: rebuild(change.replacement) },
    })),
  );
  return [...here, ...below];
}

function iterationMutations(
  it: Iteration,
  where: string,
  rule: RuleIR,
): { where: string; change: string; operator: MutationOperator; iteration: Iteration }[] {
  const source = it.source;
  if (source.kind === "containers") {
    if (source.lists.length < 2) return [];
    return source.lists.map((l) => ({
      where,
      change: `${l} dropped`,
      operator: "container list dropped" as const,
      iteration: {
        ...it,
        source: { kind: "containers" as const, lists: source.lists.filter((x) => x !== l) },
      },
    }));
  }
  return mutationsOf(source.list, `${where}.list`, rule).map(({ where: w, change }) => ({
    where: w,
    change: change.what,
    operator: change.operator,
    iteration: { ...it, source: { ...source, list: change.replacement } },
  }));
}

/** The names of the lets an expression reads. */
function letsRead(e: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(e)) for (const x of e) letsRead(x, into);
  else if (e && typeof e === "object") {
    const node = e as Record<string, unknown>;
    if (node["op"] === "let" && typeof node["name"] === "string") into.add(node["name"]);
    for (const v of Object.values(node)) letsRead(v, into);
  }
  return into;
}

/**
 * The lets that decide a verdict: read by a condition or an iteration's list, or by such a let.
 * A let that only builds a message or a field path has no mutant worth an example.
 */
function decidingLets(rule: RuleIR): Set<string> {
  const found = new Set<string>();
  for (const v of rule.violations) {
    letsRead(v.when, found);
    for (const it of v.each) if (it.source.kind === "list") letsRead(it.source.list, found);
  }
  for (let size = 0; size !== found.size;) {
    size = found.size;
    for (const name of [...found]) letsRead(rule.lets[name], found);
  }
  return found;
}

/**
 * The mutants of a rule: each is the rule with one change to what decides its verdict (its
 * named sub-expressions, what its violations iterate over, and their conditions; never its
 * messages or field paths). The changes are those a slip of the pen makes: a comparison's
 * boundary moved or its equality inverted, a prefix or suffix test turned into a substring
 * test, a literal changed or one element of a literal list dropped, a negation removed, a
 * quantifier swapped, a container list dropped from an iteration, the default of an absent
 * field flipped, and a parameter ignored (its default used instead).
 *
 * @param rule - the rule
 * @returns its mutants, in a fixed order, with distinct ids
 */
export function ruleMutants(rule: RuleIR): RuleMutant[] {
  const out: RuleMutant[] = [];
  const add = (where: string, what: string, operator: MutationOperator, mutated: RuleIR): void => {
    const base = `${where}: ${what}`;
    let id = base;
    for (let n = 2; out.some((m) => m.id === id); n += 1) id = `${base} (${n})`;
    out.push({ id, operator, rule: mutated });
  };
  const deciding = decidingLets(rule);
  for (const [name, e] of Object.entries(rule.lets).filter(([n]) => deciding.has(n)))
    for (const { where, change } of mutationsOf(e, `lets.${name}`, rule))
      add(where, change.what, change.operator, {
        ...rule,
        lets: { ...rule.lets, [name]: change.replacement },
      });
  rule.violations.forEach((v, vi) => {
    const withViolation = (nv: ViolationIR): RuleIR => ({
      ...rule,
      violations: rule.violations.map((x, j) => (j === vi ? nv : x)),
    });
    v.each.forEach((it, ii) => {
      for (const m of iterationMutations(it, `violations[${vi}].each[${ii}]`, rule))
        add(
          m.where,
          m.change,
          m.operator,
          withViolation({ ...v, each: v.each.map((x, j) => (j === ii ? m.iteration : x)) }),
        );
    });
    for (const { where, change } of mutationsOf(v.when, `violations[${vi}].when`, rule))
      add(where, change.what, change.operator, withViolation({ ...v, when: change.replacement }));
  });
  return out;
}
