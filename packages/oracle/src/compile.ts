import {
  parseImagePart,
  parseQuantity,
  podSpecPathOf,
  re2Matches,
  re2SyntaxError,
  type Expr,
  type Iteration,
  type Json,
  type PathSegment,
  type RuleIR,
  type ViolationIR,
} from "@tollgate/rule-dsl";
import {
  effectiveParams,
  evaluateRule,
  ruleApplies,
  type OracleResult,
  type ReviewContext,
  type ViolationResult,
} from "./evaluate.js";
import { normalizeObject } from "./normalize.js";
import { deepEqual, MISSING, orDefault, regexTest, sameType, walk } from "./values.js";

/**
 * A rule compiled for one set of parameters: the same answers as {@link evaluateRule} with those
 * parameters, computed by JavaScript closures instead of walking the IR.
 *
 * @param object - the object (normalised when `review.normalized`)
 * @param review - the admission operation; `matched` when the caller has already checked
 *   {@link ruleApplies}
 * @returns the verdict and the violations
 */
export type CompiledRule = (
  object: unknown,
  review?: ReviewContext & { readonly matched?: boolean },
) => OracleResult;

/** The state of one evaluation: the object, its pod spec, bound variables, named values. */
interface Frame {
  object: Json;
  podSpec: Json;
  podSpecPath: string;
  readonly values: Json[];
  /**
   * A bound variable's path, kept in two parts and joined only when read (most are never read):
   * the list's path up to `[`, and the index (-1 for a quantifier's variable, whose path is "").
   */
  readonly pathPrefixes: string[];
  readonly pathIndexes: number[];
  readonly lets: (Json | typeof UNSET)[];
}

type Code = (f: Frame) => Json;
type Emit = (f: Frame, out: ViolationResult[]) => void;

const UNSET = Symbol("unset");

/** A let that reads a variable bound where it is used: the interpreter's dynamic scope is kept. */
class NotCompilable extends Error {}

/** Variables in scope at compile time: name → slot of the frame. */
type Env = ReadonlyMap<string, number>;

/** The pod spec of an object of a kind, and its path, computed once per kind. */
const podSpecPaths = new Map<string, { readonly path: readonly string[]; readonly text: string }>();
function podSpecOf(kind: string): { readonly path: readonly string[]; readonly text: string } {
  let known = podSpecPaths.get(kind);
  if (!known) {
    const path = podSpecPathOf(kind) ?? [];
    known = { path, text: path.join(".") };
    if (podSpecPaths.size < 1000) podSpecPaths.set(kind, known);
  }
  return known;
}

/**
 * An equality test against a constant, as the IR's equality (equal JSON text) answers it, without
 * serialising a scalar when the constant is a string, a finite number or a boolean (a list or a
 * map is still serialised, so that one too deep to serialise throws as in the interpreter).
 *
 * @param c - the constant
 * @returns the test
 */
function equalsConstant(c: Json): (v: Json) => boolean {
  const text = JSON.stringify(c);
  if (typeof c === "string" || typeof c === "boolean" || (typeof c === "number" && Number.isFinite(c))) {
    return (v) => (typeof v === "object" && v !== null ? JSON.stringify(v) === text : v === c);
  }
  return (v) => JSON.stringify(v) === text;
}

class RuleCompiler {
  private slots = 0;
  private readonly letIndex = new Map<string, number>();
  readonly letCode: Code[] = [];
  /** Set while compiling a let's definition (its variables would be the use site's). */
  private inLet = false;

  constructor(
    private readonly rule: RuleIR,
    private readonly params: Readonly<Record<string, Json>>,
  ) {}

  get slotCount(): number {
    return this.slots;
  }

  get letCount(): number {
    return this.letIndex.size;
  }

  violation(v: ViolationIR): Emit {
    return this.level(v, 0, new Map());
  }

  private level(v: ViolationIR, depth: number, env: Env): Emit {
    const iteration = v.each[depth];
    if (!iteration) {
      const when = this.expr(v.when, env);
      const field = this.expr(v.field, env);
      const message = this.expr(v.message, env);
      return (f, out) => {
        if (when(f) !== true) return;
        out.push({ field: String(field(f)), message: String(message(f)) });
      };
    }
    const slot = this.slots++;
    const inner = this.level(v, depth + 1, new Map(env).set(iteration.var, slot));
    return this.iterate(iteration, env, slot, inner);
  }

  private iterate(iteration: Iteration, env: Env, slot: number, inner: Emit): Emit {
    const source = iteration.source;
    if (source.kind === "containers") {
      const lists = source.lists.map((list) => ({ list, path: [list], suffix: `.${list}[` }));
      return (f, out) => {
        for (const { path, suffix } of lists) {
          const items = orDefault(walk(f.podSpec, path), []);
          if (!Array.isArray(items) || items.length === 0) continue;
          const prefix = `${f.podSpecPath}${suffix}`;
          for (let i = 0; i < items.length; i++) {
            f.values[slot] = items[i]!;
            f.pathPrefixes[slot] = prefix;
            f.pathIndexes[slot] = i;
            inner(f, out);
          }
        }
      };
    }
    const list = this.expr(source.list, env);
    const path = this.expr(source.path, env);
    return (f, out) => {
      const items = list(f);
      const base = String(path(f));
      if (!Array.isArray(items)) return;
      const prefix = `${base}[`;
      for (let i = 0; i < items.length; i++) {
        f.values[slot] = items[i]!;
        f.pathPrefixes[slot] = prefix;
        f.pathIndexes[slot] = i;
        inner(f, out);
      }
    };
  }

  private path(path: readonly PathSegment[], env: Env): (f: Frame) => readonly (string | Json)[] {
    if (path.every((p): p is string => typeof p === "string")) {
      const fixed = [...path];
      return () => fixed;
    }
    const parts = path.map((p) => (typeof p === "string" ? () => p : this.expr(p, env)));
    return (f) => parts.map((p) => p(f));
  }

  private variable(name: string, env: Env): number | undefined {
    const slot = env.get(name);
    if (slot === undefined && this.inLet)
      throw new NotCompilable(`named sub-expression reads variable ${name}`);
    return slot;
  }

  private let(name: string): Code {
    let index = this.letIndex.get(name);
    if (index === undefined) {
      index = this.letIndex.size;
      this.letIndex.set(name, index);
      const def = Object.prototype.hasOwnProperty.call(this.rule.lets, name)
        ? this.rule.lets[name]
        : undefined;
      if (!def) {
        this.letCode[index] = () => {
          throw new Error(`named sub-expression ${name} is not defined`);
        };
      } else {
        const outer = this.inLet;
        this.inLet = true;
        this.letCode[index] = this.expr(def, new Map());
        this.inLet = outer;
      }
    }
    const i = index;
    const table = this.letCode;
    return (f) => {
      const known = f.lets[i];
      if (known !== UNSET && known !== undefined) return known;
      const v = table[i]!(f) ?? null;
      f.lets[i] = v;
      return v;
    };
  }

  expr(e: Expr, env: Env): Code {
    switch (e.op) {
      case "lit": {
        const value = e.value;
        return () => value;
      }
      case "object":
        return (f) => f.object;
      case "podSpec":
        return (f) => f.podSpec;
      case "param": {
        const value = this.params[e.name] ?? null;
        return () => value;
      }
      case "var": {
        const slot = this.variable(e.name, env);
        return slot === undefined ? () => null : (f) => f.values[slot] ?? null;
      }
      case "pathOf": {
        if (e.name === "$podSpec") return (f) => f.podSpecPath;
        const slot = this.variable(e.name, env);
        if (slot === undefined) return () => "";
        return (f) => {
          const i = f.pathIndexes[slot] ?? -1;
          return i < 0 ? "" : `${f.pathPrefixes[slot]}${i}]`;
        };
      }
      case "let":
        return this.let(e.name);
      case "get": {
        const base = this.expr(e.base, env);
        const path = this.path(e.path, env);
        const fallback = e.default;
        return (f) => orDefault(walk(base(f), path(f)), fallback);
      }
      case "has": {
        const base = this.expr(e.base, env);
        const path = this.path(e.path, env);
        return (f) => walk(base(f), path(f)) !== MISSING;
      }
      case "cmp":
        return this.compare(e.cmp, e.left, e.right, env);
      case "and": {
        const args = e.args.map((a) => this.expr(a, env));
        return (f) => {
          for (const a of args) if (a(f) !== true) return false;
          return true;
        };
      }
      case "or": {
        const args = e.args.map((a) => this.expr(a, env));
        return (f) => {
          for (const a of args) if (a(f) === true) return true;
          return false;
        };
      }
      case "not": {
        const arg = this.expr(e.arg, env);
        return (f) => arg(f) !== true;
      }
      case "startsWith":
      case "endsWith":
      case "contains": {
        const s = this.expr(e.s, env);
        const t = this.expr(e.t, env);
        const op = e.op;
        return (f) => {
          const a = s(f);
          const b = t(f);
          if (typeof a !== "string" || typeof b !== "string") return false;
          return op === "startsWith" ? a.startsWith(b) : op === "endsWith" ? a.endsWith(b) : a.includes(b);
        };
      }
      case "matches": {
        const s = this.expr(e.s, env);
        if (e.pattern.op === "lit") {
          const pattern = e.pattern.value;
          const valid = typeof pattern === "string" && re2SyntaxError(pattern) === undefined;
          return (f) => {
            const v = s(f);
            return valid && typeof v === "string" && re2Matches(pattern, v);
          };
        }
        const pattern = this.expr(e.pattern, env);
        return (f) => {
          const v = s(f);
          const p = pattern(f);
          return typeof v === "string" && typeof p === "string" && regexTest(p, v);
        };
      }
      case "trimSuffix": {
        const s = this.expr(e.s, env);
        const t = this.expr(e.t, env);
        return (f) => {
          const a = s(f);
          const b = t(f);
          if (typeof a !== "string") return "";
          return typeof b === "string" && b !== "" && a.endsWith(b) ? a.slice(0, a.length - b.length) : a;
        };
      }
      case "join": {
        const list = this.expr(e.list, env);
        const sep = e.sep;
        return (f) => {
          const l = list(f);
          return Array.isArray(l)
            ? l.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(sep)
            : "";
        };
      }
      case "array": {
        const items = e.items.map((i) => this.expr(i, env));
        return (f) => items.map((i) => i(f));
      }
      case "keys": {
        const arg = this.expr(e.arg, env);
        return (f) => {
          const m = arg(f);
          return m !== null && typeof m === "object" && !Array.isArray(m) ? Object.keys(m).sort() : [];
        };
      }
      case "if": {
        const cond = this.expr(e.cond, env);
        const then = this.expr(e.then, env);
        const otherwise = this.expr(e.else, env);
        return (f) => (cond(f) === true ? then(f) : otherwise(f));
      }
      case "isQuantity": {
        const arg = this.expr(e.arg, env);
        return (f) => parseQuantity(arg(f)) !== undefined;
      }
      case "qcmp": {
        const left = this.expr(e.left, env);
        const right = this.expr(e.right, env);
        const cmp = e.cmp;
        return (f) => {
          const l = parseQuantity(left(f));
          const r = parseQuantity(right(f));
          if (l === undefined || r === undefined) return false;
          return cmp === "eq"
            ? l === r
            : cmp === "ne"
              ? l !== r
              : cmp === "lt"
                ? l < r
                : cmp === "le"
                  ? l <= r
                  : cmp === "gt"
                    ? l > r
                    : l >= r;
        };
      }
      case "in": {
        const list = this.expr(e.list, env);
        if (e.item.op === "lit") {
          const equals = equalsConstant(e.item.value);
          return (f) => {
            const l = list(f);
            return Array.isArray(l) && l.some(equals);
          };
        }
        const item = this.expr(e.item, env);
        return (f) => {
          const v = item(f);
          const l = list(f);
          // An empty list compares nothing (nor serialises the item), as in the interpreter.
          if (!Array.isArray(l) || l.length === 0) return false;
          return l.some(equalsConstant(v));
        };
      }
      case "all":
      case "any":
      case "none":
      case "one": {
        const list = this.expr(e.list, env);
        const slot = this.slots++;
        const body = this.expr(e.body, new Map(env).set(e.var, slot));
        const op = e.op;
        return (f) => {
          const l = list(f);
          const items = Array.isArray(l) ? l : [];
          let hits = 0;
          for (const value of items) {
            f.values[slot] = value;
            f.pathIndexes[slot] = -1;
            const hit = body(f) === true;
            if (hit) hits += 1;
            if (op === "all" && !hit) return false;
            if ((op === "any" || op === "none") && hit) return op === "any";
          }
          return op === "one" ? hits === 1 : op !== "any";
        };
      }
      case "size": {
        const arg = this.expr(e.arg, env);
        return (f) => {
          const v = arg(f);
          return Array.isArray(v)
            ? v.length
            : typeof v === "string"
              ? v.length
              : v && typeof v === "object"
                ? Object.keys(v).length
                : 0;
        };
      }
      case "imagePart": {
        const image = this.expr(e.image, env);
        const part = e.part;
        return (f) => {
          const v = image(f);
          return typeof v === "string" ? parseImagePart(v, part) : "";
        };
      }
      case "concat": {
        const parts = e.parts.map((p) => this.expr(p, env));
        // Joined rather than concatenated: a flat string, not a rope that every reader of the
        // message (deduplication, sorting, JSON escaping, encoding) would flatten again.
        return (f) => {
          const strings = new Array<string>(parts.length);
          for (let i = 0; i < parts.length; i++) {
            const v = parts[i]!(f);
            strings[i] = typeof v === "string" ? v : JSON.stringify(v);
          }
          return strings.join("");
        };
      }
    }
  }

  private compare(
    cmp: "eq" | "ne" | "lt" | "le" | "gt" | "ge",
    leftExpr: Expr,
    rightExpr: Expr,
    env: Env,
  ): Code {
    const left = this.expr(leftExpr, env);
    const right = this.expr(rightExpr, env);
    if (cmp === "eq" || cmp === "ne") {
      const constant = rightExpr.op === "lit" ? rightExpr : leftExpr.op === "lit" ? leftExpr : undefined;
      const same = cmp === "eq";
      if (constant) {
        const equals = equalsConstant(constant.value);
        const other = constant === rightExpr ? left : right;
        return (f) => equals(other(f)) === same;
      }
      return (f) => deepEqual(left(f), right(f)) === same;
    }
    return (f) => {
      const l = left(f);
      const r = right(f);
      if (!sameType(l, r) || (typeof l !== "number" && typeof l !== "string")) return false;
      const [a, b] = [l as number | string, r as number | string];
      return cmp === "lt" ? a < b : cmp === "le" ? a <= b : cmp === "gt" ? a > b : a >= b;
    };
  }
}

/**
 * Compiles a rule, for given parameters, into closures that give exactly the answers of
 * {@link evaluateRule} (the interpreter stays the reference; the harness checks the two agree on
 * every generated object). A rule whose named sub-expression reads a variable bound at its use
 * site is left to the interpreter, whose scoping that is.
 *
 * @param rule - the rule
 * @param params - parameters; absent ones take the rule's defaults
 * @returns the compiled rule
 */
export function compileRule(rule: RuleIR, params: Readonly<Record<string, unknown>> = {}): CompiledRule {
  let effective: Record<string, Json>;
  try {
    effective = effectiveParams(rule, params);
  } catch (e) {
    return (object, review = {}) => {
      const normalized = review.normalized ? (object as Json) : normalizeObject(object);
      if (!review.matched && !ruleApplies(rule, normalized, review.operation ?? "CREATE"))
        return { verdict: "skip", violations: [] };
      throw e;
    };
  }
  const compiler = new RuleCompiler(rule, effective);
  let emits: Emit[];
  try {
    emits = rule.violations.map((v) => compiler.violation(v));
  } catch (e) {
    if (!(e instanceof NotCompilable)) throw e;
    return (object, review = {}) => evaluateRule(rule, object, params, review);
  }
  const slots = compiler.slotCount;
  const lets = compiler.letCount;
  const frame: Frame = {
    object: null,
    podSpec: null,
    podSpecPath: "",
    values: new Array<Json>(slots).fill(null),
    pathPrefixes: new Array<string>(slots).fill(""),
    pathIndexes: new Array<number>(slots).fill(-1),
    lets: new Array<Json | typeof UNSET>(lets).fill(UNSET),
  };
  return (object, review = {}) => {
    const normalized = review.normalized ? (object as Json) : normalizeObject(object);
    if (!review.matched && !ruleApplies(rule, normalized, review.operation ?? "CREATE"))
      return { verdict: "skip", violations: [] };
    const kind = (normalized as Record<string, Json>)["kind"] as string;
    const spec = podSpecOf(kind);
    // One frame per compiled rule, reset for each object: evaluation never re-enters a rule, and
    // a variable's slot is always written before it is read (slots are lexical).
    frame.object = normalized;
    frame.podSpec = spec.path.length > 0 ? orDefault(walk(normalized, spec.path), {}) : {};
    frame.podSpecPath = spec.text;
    if (lets > 0) frame.lets.fill(UNSET);
    const violations: ViolationResult[] = [];
    try {
      for (const emit of emits) emit(frame, violations);
    } finally {
      // Let go of the object (and of the values bound from it).
      frame.object = null;
      frame.podSpec = null;
      if (slots > 0) frame.values.fill(null);
      if (lets > 0) frame.lets.fill(UNSET);
    }
    return { verdict: violations.length > 0 ? "fail" : "pass", violations };
  };
}
