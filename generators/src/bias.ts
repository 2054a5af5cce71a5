import type { Expr, Json, PathSegment, RuleIR } from "@tollgate/rule-dsl";
import { LABEL_KEY_PATTERN } from "./names.js";
import { nearMissStrings } from "./near-misses.js";

/** Where a biased field path starts: the object, its pod spec, or each of its containers. */
export type BiasScope = "object" | "podSpec" | "container";

/** How a rule tests a field against a literal. */
export type BiasRelation = "equal" | "order" | "prefix" | "suffix" | "substring" | "pattern" | "quantity";

/** A part of an image reference a rule reads (`imagePart`). */
export type BiasImagePart = "registry" | "repository" | "tag" | "digest";

/** A scalar literal a rule compares with. */
export type BiasLiteral = string | number | boolean;

/** The JSON type of a field, as the default of a read tells it. */
export type BiasValueType = "string" | "number" | "boolean" | "list" | "object";

/** One test of a field against a literal: `startsWith(image, "registry.aibos.internal/")` gives a `prefix` hint. */
export interface BiasHint {
  /** How the field is tested. */
  readonly relation: BiasRelation;
  /** The literal (for `pattern`, the regular expression's source; for `quantity`, "" when any quantity will do). */
  readonly value: BiasLiteral;
  /** When the rule tests a part of an image reference held by the field. */
  readonly imagePart?: BiasImagePart;
}

/** A field a rule reads, with the literals it tests the field against. */
export interface BiasTarget {
  /** Where the path starts. */
  readonly scope: BiasScope;
  /** Field names from the scope; `[]` stands for every element of a list. */
  readonly path: readonly string[];
  /** The literal tests of the field. */
  readonly hints: readonly BiasHint[];
  /** The field's JSON types, from the defaults of its reads. */
  readonly types: readonly BiasValueType[];
  /**
   * A near-miss variant of a key the rule reads (`Tcpsocket` for `tcpSocket`), generated to test
   * that the rule reads the key exactly: not a field the rule itself reads.
   */
  readonly nearMiss?: boolean;
}

/** What a rule reads and compares: the input of targeted generation ({@link ruleTargetedArbitrary}). */
export interface GeneratorBias {
  /** The rule's id. */
  readonly ruleId: string;
  /** Every string literal and string parameter default of the rule's conditions. */
  readonly strings: readonly string[];
  /** Every number literal and number parameter default. */
  readonly numbers: readonly number[];
  /** Every boolean literal and boolean parameter default. */
  readonly booleans: readonly boolean[];
  /** Every field name the rule reads (`securityContext`, `runAsNonRoot`, a label key). */
  readonly fields: readonly string[];
  /** The fields the rule reads, with their literal tests. */
  readonly targets: readonly BiasTarget[];
  /**
   * The rule's example objects, allowed and denied (plain JSON). Biased generation starts from
   * one of them now and then (keeping the generated kind), so that objects which meet every
   * condition of a strict rule, and their near neighbours, come up too.
   */
  readonly seeds: readonly Readonly<Record<string, unknown>>[];
  /** The share of generated objects the bias is applied to (0.8 when not given). */
  readonly rate?: number;
}

interface Location {
  readonly scope: BiasScope;
  readonly path: readonly string[];
  readonly imagePart?: BiasImagePart;
  /** Whether a step of the path is a near-miss key rather than one the rule reads. */
  readonly nearMiss?: boolean;
}

/** What a variable stands for: fields of the object (a container, list elements) or literal values. */
type Binding =
  | { readonly kind: "locations"; readonly locations: readonly Location[] }
  | { readonly kind: "values"; readonly values: readonly Json[] };

type Env = ReadonlyMap<string, Binding>;

/** Maps keyed by names (whose keys get near misses too). */
const KEYED_MAPS = new Set(["labels", "annotations", "matchLabels", "nodeSelector"]);

/** The most literal combinations a concatenation is expanded to. */
const MAX_COMBINATIONS = 32;

/** The deepest chain of `let` references followed. */
const MAX_LET_DEPTH = 20;

/** Near-miss keys that are still valid label keys (`Team`, `team2`). */
function nearMissKeys(key: string): string[] {
  return nearMissStrings(key).filter((k) => k.trim() === k && k !== "" && LABEL_KEY_PATTERN.test(k));
}

const RELATION_OF_TEST = { startsWith: "prefix", endsWith: "suffix", contains: "substring" } as const;

function isLiteral(v: unknown): v is BiasLiteral {
  return typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";
}

function valueTypeOf(v: Json): BiasValueType | undefined {
  if (Array.isArray(v)) return "list";
  if (v === null) return undefined;
  switch (typeof v) {
    case "object":
      return "object";
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
  }
}

/** The value of a JSON value at a path of field names, or undefined. */
function jsonAt(v: Json, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const key of path) {
    if (
      cur === null ||
      cur === undefined ||
      typeof cur !== "object" ||
      Array.isArray(cur) ||
      !Object.prototype.hasOwnProperty.call(cur, key)
    )
      return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The IR expressions directly under a node, for node types the collector has no special case for. */
function children(e: Expr): Expr[] {
  const out: Expr[] = [];
  for (const v of Object.values(e) as unknown[]) {
    const items = Array.isArray(v) ? (v as unknown[]) : [v];
    for (const item of items)
      if (typeof item === "object" && item !== null && typeof (item as { op?: unknown }).op === "string")
        out.push(item as Expr);
  }
  return out;
}

/** Collects literals, field names and targets while walking a rule's conditions. */
class BiasCollector {
  readonly strings = new Set<string>();
  readonly numbers = new Set<number>();
  readonly booleans = new Set<boolean>();
  readonly fields = new Set<string>();
  private readonly targets = new Map<
    string,
    { location: Location; hints: Map<string, BiasHint>; types: Set<BiasValueType>; nearMiss: boolean }
  >();
  private letDepth = 0;

  constructor(private readonly rule: RuleIR) {}

  /** Records a literal (or the scalars of a list or object) in the pools. */
  literal(v: Json | undefined): void {
    if (Array.isArray(v)) v.forEach((x) => this.literal(x));
    else if (typeof v === "string") this.strings.add(v);
    else if (typeof v === "number" && Number.isFinite(v)) this.numbers.add(v);
    else if (typeof v === "boolean") this.booleans.add(v);
    else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => this.literal(x));
  }

  private viaLet<T>(name: string, fallback: T, fn: (target: Expr) => T): T {
    const target = this.rule.lets[name];
    if (!target || this.letDepth >= MAX_LET_DEPTH) return fallback;
    this.letDepth++;
    try {
      return fn(target);
    } finally {
      this.letDepth--;
    }
  }

  /** The elements of a list an expression stands for when it is literal (a literal list, a list parameter). */
  elements(e: Expr, env: Env): Json[] | undefined {
    switch (e.op) {
      case "lit":
        return Array.isArray(e.value) ? e.value : undefined;
      case "param": {
        const d = this.rule.params[e.name]?.default;
        return Array.isArray(d) ? d : undefined;
      }
      case "get": {
        const values = this.valuesAt(e.base, e.path, env);
        return values?.flatMap((v) => (Array.isArray(v) ? v : []));
      }
      case "let":
        return this.viaLet(e.name, undefined, (t) => this.elements(t, env));
      default:
        return undefined;
    }
  }

  /** The values a read from a variable bound to literal values, or from an object parameter, yields. */
  private valuesAt(base: Expr, path: readonly PathSegment[], env: Env): Json[] | undefined {
    if (!path.every((p): p is string => typeof p === "string")) return undefined;
    let values: readonly Json[];
    if (base.op === "var") {
      const b = env.get(base.name);
      if (b?.kind !== "values") return undefined;
      values = b.values;
    } else if (base.op === "param") {
      // A field of an object parameter (`runAsUser.ranges`): its default's value there.
      const d = this.rule.params[base.name]?.default;
      if (d === undefined) return undefined;
      values = [d];
    } else return undefined;
    return values.map((v) => jsonAt(v, path as string[])).filter((v): v is Json => v !== undefined);
  }

  /** The scalar values an expression stands for when it is literal (literals, parameters, variables over them, concatenations of them). */
  literals(e: Expr, env: Env): BiasLiteral[] | undefined {
    const scalars = (v: Json | undefined): BiasLiteral[] | undefined =>
      v === undefined ? undefined : Array.isArray(v) ? v.filter(isLiteral) : isLiteral(v) ? [v] : undefined;
    switch (e.op) {
      case "lit":
        return scalars(e.value);
      case "param":
        return scalars(this.rule.params[e.name]?.default);
      case "var": {
        const b = env.get(e.name);
        return b?.kind === "values" ? b.values.filter(isLiteral) : undefined;
      }
      case "get": {
        const values = this.valuesAt(e.base, e.path, env);
        return values?.flatMap((v) => scalars(v) ?? []);
      }
      case "concat": {
        let combos: string[] = [""];
        for (const part of e.parts) {
          const values = this.literals(part, env);
          if (!values || values.length === 0) return undefined;
          combos = combos.flatMap((c) => values.map((v) => c + String(v))).slice(0, MAX_COMBINATIONS);
        }
        return combos;
      }
      case "trimSuffix": {
        const ss = this.literals(e.s, env);
        const ts = this.literals(e.t, env) ?? [""];
        return ss?.flatMap((s) =>
          ts.map((t) =>
            typeof s === "string" && typeof t === "string" && t !== "" && s.endsWith(t)
              ? s.slice(0, -t.length)
              : s,
          ),
        );
      }
      case "if": {
        const values = [...(this.literals(e.then, env) ?? []), ...(this.literals(e.else, env) ?? [])];
        return values.length > 0 ? values : undefined;
      }
      case "let":
        return this.viaLet(e.name, undefined, (t) => this.literals(t, env));
      case "array": {
        const values = e.items.flatMap((i) => this.literals(i, env) ?? []);
        return values.length > 0 ? values : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The fields an expression reads, when it is a read (or a bound element, or an image part of a read). */
  locate(e: Expr, env: Env): Location[] {
    switch (e.op) {
      case "get":
      case "has":
        return this.locatePath(e.base, e.path, env);
      case "var": {
        const b = env.get(e.name);
        return b?.kind === "locations" ? [...b.locations] : [];
      }
      case "imagePart":
        return this.locate(e.image, env).map((l) => ({ ...l, imagePart: e.part }));
      case "trimSuffix":
        return this.locate(e.s, env);
      case "if":
        return [...this.locate(e.then, env), ...this.locate(e.else, env)];
      case "let":
        return this.viaLet(e.name, [], (t) => this.locate(t, env));
      default:
        return [];
    }
  }

  private locatePath(base: Expr, path: readonly PathSegment[], env: Env): Location[] {
    let starts: Location[];
    if (base.op === "object") starts = [{ scope: "object", path: [] }];
    else if (base.op === "podSpec") starts = [{ scope: "podSpec", path: [] }];
    else if (base.op === "var") {
      const b = env.get(base.name);
      starts = b?.kind === "locations" ? [...b.locations] : [];
    } else if (base.op === "let") {
      // A field of a named value (namedRef): the fields the named value reads.
      starts = this.viaLet(base.name, [], (t) => this.locate(t, env));
    } else starts = [];
    let previous: string | undefined;
    for (const seg of path) {
      const exact =
        typeof seg === "string"
          ? [seg]
          : (this.literals(seg, env) ?? []).filter((v): v is string => typeof v === "string");
      exact.forEach((k) => this.fields.add(k));
      // A key of a map (a label named by a parameter, say) also gets near-miss keys.
      const isKey = typeof seg !== "string" || (previous !== undefined && KEYED_MAPS.has(previous));
      const keys = isKey ? [...new Set([...exact, ...exact.flatMap(nearMissKeys)])] : exact;
      starts = starts.flatMap((l) =>
        keys.map((k) => ({
          scope: l.scope,
          path: [...l.path, k],
          ...(l.nearMiss || !exact.includes(k) ? { nearMiss: true } : {}),
        })),
      );
      previous = typeof seg === "string" ? seg : undefined;
    }
    return starts;
  }

  /** Registers a field, with a hint and the type of a read's default. */
  target(location: Location, hint?: BiasHint, type?: BiasValueType): void {
    if (location.path.length === 0) return;
    const key = `${location.scope}\u0000${location.path.join("\u0000")}`;
    let entry = this.targets.get(key);
    if (!entry) {
      entry = {
        location: { scope: location.scope, path: location.path },
        hints: new Map(),
        types: new Set(),
        nearMiss: true,
      };
      this.targets.set(key, entry);
    }
    // A field is a near miss only when every read that reaches it went through a near-miss key.
    if (!location.nearMiss) entry.nearMiss = false;
    if (hint) entry.hints.set(JSON.stringify([hint.relation, hint.value, hint.imagePart ?? ""]), hint);
    if (type) entry.types.add(type);
    // The values of labels, annotations and selectors are strings.
    if (KEYED_MAPS.has(location.path[location.path.length - 2] ?? "")) entry.types.add("string");
  }

  /** Hints for the fields on one side of a test, from the literals on the other. */
  private hint(locations: Location[], values: BiasLiteral[] | undefined, relation: BiasRelation): void {
    for (const location of locations) {
      for (const value of values ?? []) {
        const hint: BiasHint = location.imagePart
          ? { relation, value, imagePart: location.imagePart }
          : { relation, value };
        this.target(location, hint);
      }
    }
  }

  /** Hints for both sides of a binary test. */
  private hintBoth(left: Expr, right: Expr, env: Env, relation: BiasRelation): void {
    this.hint(this.locate(left, env), this.literals(right, env), relation);
    this.hint(this.locate(right, env), this.literals(left, env), relation);
  }

  /** Walks an expression in an environment of bound variables. */
  walk(e: Expr, env: Env): void {
    switch (e.op) {
      case "lit":
        this.literal(e.value);
        return;
      case "param":
        this.literal(this.rule.params[e.name]?.default);
        return;
      case "get":
      case "has": {
        if (e.op === "get") this.literal(e.default);
        const type = e.op === "get" ? valueTypeOf(e.default) : undefined;
        for (const l of this.locatePath(e.base, e.path, env)) this.target(l, undefined, type);
        for (const v of this.valuesAt(e.base, e.path, env) ?? []) this.literal(v);
        e.path.forEach((seg) => typeof seg !== "string" && this.walk(seg, env));
        return;
      }
      case "cmp":
        this.hintBoth(e.left, e.right, env, e.cmp === "eq" || e.cmp === "ne" ? "equal" : "order");
        break;
      case "qcmp":
        this.hintBoth(e.left, e.right, env, "quantity");
        break;
      case "isQuantity":
        this.hint(this.locate(e.arg, env), [""], "quantity");
        break;
      case "startsWith":
      case "endsWith":
      case "contains":
        this.hint(this.locate(e.s, env), this.literals(e.t, env), RELATION_OF_TEST[e.op]);
        break;
      case "matches":
        this.hint(
          this.locate(e.s, env),
          (this.literals(e.pattern, env) ?? []).filter((p) => typeof p === "string"),
          "pattern",
        );
        break;
      case "in": {
        this.hint(this.locate(e.item, env), this.literals(e.list, env), "equal");
        const elements = this.locate(e.list, env).map((l) => ({ ...l, path: [...l.path, "[]"] }));
        this.hint(elements, this.literals(e.item, env), "equal");
        break;
      }
      case "all":
      case "any":
      case "none":
      case "one":
        this.walk(e.list, env);
        this.walk(e.body, this.bind(env, e.var, e.list));
        return;
      case "let":
        this.viaLet(e.name, undefined, (t) => this.walk(t, env));
        return;
      default:
        break;
    }
    for (const child of children(e)) this.walk(child, env);
  }

  /** Binds a variable to the elements of a list: fields when the list is read, values when it is literal. */
  bind(env: Env, name: string, list: Expr): Env {
    const next = new Map(env);
    if (list.op === "array") {
      // A value bound by withValue stands for what its items stand for.
      const locations = list.items.flatMap((i) => this.locate(i, env));
      if (locations.length > 0) next.set(name, { kind: "locations", locations });
      else next.set(name, { kind: "values", values: list.items.flatMap((i) => this.literals(i, env) ?? []) });
      return next;
    }
    const locations = this.locate(list, env).map((l) => ({
      scope: l.scope,
      path: [...l.path, "[]"],
      ...(l.nearMiss ? { nearMiss: true } : {}),
    }));
    if (locations.length > 0) next.set(name, { kind: "locations", locations });
    else next.set(name, { kind: "values", values: this.elements(list, env) ?? [] });
    return next;
  }

  /** The collected targets. */
  result(): BiasTarget[] {
    return [...this.targets.values()].map(({ location, hints, types, nearMiss }) => ({
      scope: location.scope,
      path: location.path,
      hints: [...hints.values()],
      types: [...types],
      ...(nearMiss ? { nearMiss: true } : {}),
    }));
  }
}

/**
 * Reads a rule's IR and collects what targeted generation needs: the literal strings, numbers
 * and booleans of its conditions (parameters at their defaults), every field name it reads,
 * and, for each field it reads (from the object, the pod spec or each container), the literals
 * it tests that field against and how (equal, ordered, prefix, suffix, substring, pattern,
 * quantity, on a part of an image reference); and the rule's example objects as seeds.
 *
 * Variables bound by `forEachContainer` read from each container; variables bound by a
 * quantifier or `forEach` over a field read from every element of that list (`[]` in the path);
 * variables bound over a literal list or a list parameter stand for its elements.
 *
 * @param rule - the rule
 * @returns the bias to pass to the arbitraries (`options.bias`)
 */
export function biasFromRule(rule: RuleIR): GeneratorBias {
  const c = new BiasCollector(rule);
  for (const violation of rule.violations) {
    let env: Env = new Map();
    for (const iteration of violation.each) {
      if (iteration.source.kind === "containers") {
        const next = new Map(env);
        next.set(iteration.var, { kind: "locations", locations: [{ scope: "container", path: [] }] });
        env = next;
      } else {
        c.walk(iteration.source.list, env);
        env = c.bind(env, iteration.var, iteration.source.list);
      }
    }
    c.walk(violation.when, env);
  }
  return {
    ruleId: rule.meta.id,
    strings: [...c.strings],
    numbers: [...c.numbers],
    booleans: [...c.booleans],
    fields: [...c.fields],
    targets: c.result(),
    seeds: examplesOf(rule),
  };
}

/** The rule's example objects as plain JSON (rules built before examples existed have none). */
function examplesOf(rule: RuleIR): Record<string, unknown>[] {
  const examples = (rule as Partial<Pick<RuleIR, "examples">>).examples;
  if (!examples) return [];
  return [...examples.allowed, ...examples.denied]
    .map((e) => JSON.parse(JSON.stringify(e.object)) as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o));
}
