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
    // A string built inside a condition (a prefix with "/" after it) decides like any other part.
    case "concat":
      return e.parts.map((child, i) => ({
        name: `parts[${i}]`,
        child,
        rebuild: (c: Expr) => ({ ...e, parts: e.parts.map((a, j) => (j === i ? c : a)) }),
      }));
    // Field paths do not decide a verdict.
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

/** Nodes that refer to a value defined elsewhere (a parameter, a bound variable, a named let). */
const REFERENCES: ReadonlySet<Expr["op"]> = new Set(["param", "var", "let"]);

/** Where a node stands, and the fields known to be present there. */
interface Occurrence {
  readonly where: string;
  readonly present: ReadonlySet<string>;
}

/**
 * The fields the `i`th child of a node can count on: an `and` reads its later conditions only
 * where the earlier ones hold, an `or` only where they fail, an `if` its `then` where its
 * condition holds and its `else` where it fails.
 */
function guardedAt(e: Expr, i: number, present: ReadonlySet<string>): ReadonlySet<string> {
  const facts =
    e.op === "and"
      ? e.args.slice(0, i).flatMap(presentWhenTrue)
      : e.op === "or"
        ? e.args.slice(0, i).flatMap(presentWhenFalse)
        : e.op === "if" && i > 0
          ? (i === 1 ? presentWhenTrue : presentWhenFalse)(e.cond)
          : [];
  return facts.length === 0 ? present : new Set([...present, ...facts]);
}

/** Records every place each node of an expression stands (references aside). */
function collectOccurrences(
  e: Expr,
  where: string,
  present: ReadonlySet<string>,
  into: Map<Expr, Occurrence[]>,
): void {
  if (!REFERENCES.has(e.op)) into.set(e, [...(into.get(e) ?? []), { where, present }]);
  childrenOf(e).forEach(({ name, child }, i) =>
    collectOccurrences(child, `${where}.${name}`, guardedAt(e, i, present), into),
  );
}

/** The fields present at every one of a node's places. */
function presentEverywhere(occurrences: readonly Occurrence[]): ReadonlySet<string> {
  const [first, ...rest] = occurrences;
  return new Set([...(first?.present ?? [])].filter((f) => rest.every((o) => o.present.has(f))));
}

/**
 * The expressions a rule's definition builds once and uses in several places (a helper's value,
 * such as "the container is not exempt", in each of a rule's violations), each with its places.
 * Such an expression is one place in the rule's source: a slip in writing it is a slip everywhere
 * it is used, so its mutants change every place at once.
 */
function sharedExpressions(rule: RuleIR, deciding: ReadonlySet<string>): Map<Expr, Occurrence[]> {
  const all = new Map<Expr, Occurrence[]>();
  for (const [name, e] of Object.entries(rule.lets))
    if (deciding.has(name)) collectOccurrences(e, `lets.${name}`, new Set(), all);
  rule.violations.forEach((v, vi) => {
    v.each.forEach((it, ii) => {
      if (it.source.kind === "list")
        collectOccurrences(it.source.list, `violations[${vi}].each[${ii}].list`, new Set(), all);
    });
    collectOccurrences(v.when, `violations[${vi}].when`, new Set(), all);
  });
  return new Map([...all].filter(([, places]) => places.length > 1));
}

/**
 * One change found below a root: where, what, and either the new root (the change rebuilt up to
 * it) or, for a change inside a shared expression, that expression and its replacement.
 */
interface FoundChange {
  readonly where: string;
  readonly change: NodeChange;
  readonly shared?: Expr;
}

/**
 * Every change below and at a node, each with its location and the whole new node. `present`
 * holds the fields known to be there wherever this node is evaluated. The default of a read of
 * such a field is never used, so flipping it is no mutant. A shared expression's changes are found
 * once, at its first place, and stop there: they replace it wherever it stands.
 */
function mutationsOf(
  e: Expr,
  where: string,
  rule: RuleIR,
  shared: ReadonlyMap<Expr, Occurrence[]>,
  present: ReadonlySet<string> = new Set(),
): FoundChange[] {
  const unread = e.op === "get" && present.has(fieldKey(e));
  const here = (unread ? [] : changesAt(e, rule)).map((change) => ({ where, change }));
  const below = childrenOf(e).flatMap(({ name, child, rebuild }, i) =>
    mutationsAt(child, `${where}.${name}`, rule, shared, guardedAt(e, i, present)).map((found) =>
      found.shared
        ? found
        : { ...found, change: { ...found.change, replacement: rebuild(found.change.replacement) } },
    ),
  );
  return [...here, ...below];
}

/** `x` with every occurrence of `target` replaced (by identity), sharing what is unchanged. */
function substituted<T>(x: T, target: object, replacement: unknown): T {
  if ((x as unknown) === target) return replacement as T;
  if (Array.isArray(x)) {
    const out = x.map((v: unknown) => substituted(v, target, replacement));
    return out.some((v, i) => v !== x[i]) ? (out as T) : x;
  }
  if (x && typeof x === "object") {
    const entries = Object.entries(x).map(([k, v]) => [k, substituted(v, target, replacement)] as const);
    return entries.some(([k, v]) => v !== (x as Record<string, unknown>)[k])
      ? (Object.fromEntries(entries) as T)
      : x;
  }
  return x;
}

/** The rule with a shared expression (or iteration) replaced wherever it stands. */
function withShared(rule: RuleIR, target: object, replacement: unknown): RuleIR {
  return {
    ...rule,
    lets: substituted(rule.lets, target, replacement),
    violations: substituted(rule.violations, target, replacement),
  };
}

/** A container iteration's mutants: each list dropped (an iteration over one list has none). */
function containerListMutations(it: Iteration): { change: string; iteration: Iteration }[] {
  const source = it.source;
  if (source.kind !== "containers" || source.lists.length < 2) return [];
  return source.lists.map((l) => ({
    change: `${l} dropped`,
    iteration: { ...it, source: { kind: "containers" as const, lists: source.lists.filter((x) => x !== l) } },
  }));
}

/**
 * The changes at and below a node standing at `where`. A shared node is changed at its first
 * place only, and everywhere it stands; any other node's changes come back as its replacement.
 */
function mutationsAt(
  node: Expr,
  where: string,
  rule: RuleIR,
  shared: ReadonlyMap<Expr, Occurrence[]>,
  present: ReadonlySet<string> = new Set(),
): FoundChange[] {
  const places = shared.get(node);
  if (!places) return mutationsOf(node, where, rule, shared, present);
  if (places[0]?.where !== where) return [];
  return mutationsOf(node, where, rule, shared, presentEverywhere(places)).map((found) =>
    found.shared ? found : { ...found, shared: node },
  );
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
 * A change is made where the definition writes it: an expression the definition builds once and
 * uses in several violations (a helper's value, or the iteration of one `forEachContainer`) is
 * changed everywhere it stands, in one mutant named by its first place. References (parameters,
 * bound variables, lets) are changed at each place that reads them.
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
  const shared = sharedExpressions(rule, deciding);
  const addFound = (found: FoundChange, atRoot: (replacement: Expr) => RuleIR): void =>
    add(
      found.where,
      found.change.what,
      found.change.operator,
      found.shared
        ? withShared(rule, found.shared, found.change.replacement)
        : atRoot(found.change.replacement),
    );
  for (const [name, e] of Object.entries(rule.lets).filter(([n]) => deciding.has(n)))
    for (const found of mutationsAt(e, `lets.${name}`, rule, shared))
      addFound(found, (replacement) => ({ ...rule, lets: { ...rule.lets, [name]: replacement } }));
  // An iteration that one call (forEachContainer) gives several violations is one place too.
  const seenIterations = new Set<Iteration>();
  rule.violations.forEach((v, vi) => {
    const withViolation = (nv: ViolationIR): RuleIR => ({
      ...rule,
      violations: rule.violations.map((x, j) => (j === vi ? nv : x)),
    });
    v.each.forEach((it, ii) => {
      const where = `violations[${vi}].each[${ii}]`;
      if (!seenIterations.has(it))
        for (const m of containerListMutations(it))
          add(where, m.change, "container list dropped", withShared(rule, it, m.iteration));
      seenIterations.add(it);
      const source = it.source;
      if (source.kind === "list")
        for (const found of mutationsAt(source.list, `${where}.list`, rule, shared))
          addFound(found, (replacement) =>
            withViolation({
              ...v,
              each: v.each.map((x, j) =>
                j === ii ? { ...it, source: { ...source, list: replacement } } : x,
              ),
            }),
          );
    });
    for (const found of mutationsAt(v.when, `violations[${vi}].when`, rule, shared))
      addFound(found, (replacement) => withViolation({ ...v, when: replacement }));
  });
  return out;
}
