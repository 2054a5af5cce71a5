import { CelEvaluationError, CelUnmodelledError, CelUnsupportedError } from "./errors.js";
import { GLOBAL_FUNCTIONS, METHODS } from "./functions.js";
import { childrenOf, parseCel, type CelNode } from "./parser.js";
import {
  celCompare,
  celEquals,
  elementOf,
  entryOf,
  fromData,
  keysOf,
  kindOf,
  NONE,
  Optional,
  typeValue,
  type CelKind,
} from "./values.js";

/** What an expression reads: the object under review and the policy's variables. */
export interface CelActivation {
  readonly object: unknown;
  /** The variables by name (`variables.podSpec`). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** A compiled expression: its value, or a thrown {@link CelEvaluationError} or {@link CelUnmodelledError}. */
export type CelEvaluator = (activation: CelActivation) => unknown;

/** One expression to compile, with the scope it runs in. */
export interface CelSource {
  readonly expression: string;
  /**
   * What `variables` means where the expression runs (the variable definitions it can see):
   * subexpressions of equal structure and equal scope are evaluated once per {@link CompiledCelSet.reset}.
   */
  readonly scope: string;
}

/** Expressions compiled together, sharing the values of common subexpressions. */
export interface CompiledCelSet {
  /** Per source, in order: its evaluator, or why it cannot be compiled. */
  readonly evaluators: readonly (CelEvaluator | CelUnsupportedError)[];
  /** Forgets every remembered subexpression value: call before each new object. */
  reset(): void;
  /** How many distinct subexpressions are shared. */
  readonly sharedCount: number;
}

interface Frame {
  readonly object: unknown;
  readonly variables: unknown;
  readonly locals: unknown[];
}

type Eval = (f: Frame) => unknown;

/** Names a type value stands for. */
const TYPE_NAMES: ReadonlyMap<string, CelKind> = new Map([
  ["map", "map"],
  ["list", "list"],
  ["string", "string"],
  ["int", "int"],
  ["double", "double"],
  ["bool", "bool"],
  ["null_type", "null"],
]);

/** The result types of functions and macros, where one primitive type. */
const CALL_TYPES: Readonly<Record<string, "bool" | "int" | "string">> = {
  size: "int",
  indexOf: "int",
  compareTo: "int",
  string: "string",
  substring: "string",
  join: "string",
  startsWith: "bool",
  endsWith: "bool",
  contains: "bool",
  matches: "bool",
  isQuantity: "bool",
  isGreaterThan: "bool",
  isLessThan: "bool",
  all: "bool",
  exists: "bool",
  exists_one: "bool",
};

const MACROS = new Set(["all", "exists", "exists_one", "map"]);

/** Kinds of data other than a map: selecting a field of one finds nothing (an error, or none when optional). */
const PLAIN_DATA: ReadonlySet<CelKind> = new Set(["null", "bool", "int", "double", "string", "list"]);

/** Smallest subexpression worth sharing, in nodes. */
const MIN_SHARED_NODES = 8;

function isMap(v: unknown): v is object {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Names a plain object inherits: reading one must check that the map has it as its own key. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A reader of one field of a map, as {@link entryOf}: for a name no plain object inherits, an
 * entry that is not `undefined` is the map's own.
 */
function fieldReader(field: string): (map: object) => unknown {
  if (INHERITED.has(field)) return (map) => entryOf(map, field);
  return (map) => {
    const v = (map as Record<string, unknown>)[field];
    if (
      v === undefined ||
      typeof v === "string" ||
      typeof v === "boolean" ||
      (typeof v === "object" && v !== null)
    )
      return v;
    return fromData(v);
  };
}

/** Throws for a value whose equality with a literal this evaluator does not model (an optional, a quantity, a type, an unknown object). */
function checkModelled(v: unknown): void {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return;
  const k = kindOf(v);
  if (k !== "map") throw new CelUnmodelledError(`${k} compared with a literal`);
}

function asBool(v: unknown, what: string): boolean {
  if (v === true || v === false) return v;
  throw new CelEvaluationError(`${what} must be bool, got '${kindOf(v)}'`);
}

/** Runs `e`, returning a CEL evaluation error instead of throwing it; unmodelled errors still throw. */
function attempt(e: Eval, f: Frame): unknown {
  try {
    return e(f);
  } catch (err) {
    if (err instanceof CelEvaluationError) return err;
    throw err;
  }
}

/** Node count, whether a subtree reads only `object` and `variables` (no comprehension variable), and its structure's id. */
interface Shape {
  readonly nodes: number;
  readonly closed: boolean;
  /** Equal for subtrees of equal structure (operators, names, literals), within one compiled set. */
  readonly id: number;
}

/** What a node is, apart from its children: with the children's ids, its structure. */
function detailOf(n: CelNode): string {
  switch (n.kind) {
    case "literal":
      return `${n.double ? "d" : typeof n.value}:${JSON.stringify(n.value)}`;
    case "ident":
      return n.name;
    case "select":
      return `${n.optional ? "?" : ""}${n.field}`;
    case "index":
      return n.optional ? "?" : "";
    case "call":
      return `${n.target ? "." : ""}${n.name}`;
    case "unary":
    case "binary":
      return n.op;
    default:
      return "";
  }
}

function shapeOf(
  n: CelNode,
  bound: ReadonlySet<string>,
  shapes: Map<CelNode, Shape>,
  intern: (structure: string) => number,
): Shape {
  let nodes = 1;
  let closed = true;
  if (n.kind === "ident" && bound.has(n.name)) closed = false;
  const ids: number[] = [];
  if (
    n.kind === "call" &&
    n.target &&
    MACROS.has(n.name) &&
    n.args.length === 2 &&
    n.args[0]?.kind === "ident"
  ) {
    const inner = new Set(bound).add(n.args[0].name);
    const t = shapeOf(n.target, bound, shapes, intern);
    const v = shapeOf(n.args[0], inner, shapes, intern);
    const body = shapeOf(n.args[1] as CelNode, inner, shapes, intern);
    // The body sees the comprehension variable: closed only if it does not read it (checked through `inner`).
    nodes += t.nodes + body.nodes + 1;
    closed = t.closed && body.closed;
    ids.push(t.id, v.id, body.id);
  } else {
    for (const c of childrenOf(n)) {
      const s = shapeOf(c, bound, shapes, intern);
      nodes += s.nodes;
      closed &&= s.closed;
      ids.push(s.id);
    }
  }
  const shape = { nodes, closed, id: intern(`${n.kind}|${detailOf(n)}|${ids.join(",")}`) };
  shapes.set(n, shape);
  return shape;
}

/** Remembered values of shared subexpressions: a value counts while its generation is the current one. */
interface Memo {
  readonly values: unknown[];
  readonly generation: number[];
  readonly state: { generation: number };
}

class Compiler {
  private locals = new Map<string, number>();
  maxLocals = 0;

  constructor(
    private readonly scope: string,
    private readonly shared: (key: string) => number | undefined,
    private readonly shapes: ReadonlyMap<CelNode, Shape>,
    private readonly memo: Memo,
  ) {}

  /** The memo slot of a node that several expressions share, or undefined when it is not shared. */
  private sharedSlotOf(n: CelNode): number | undefined {
    const shape = this.shapes.get(n);
    return shape?.closed && shape.nodes >= MIN_SHARED_NODES
      ? this.shared(`${this.scope}:${shape.id}`)
      : undefined;
  }

  compile(n: CelNode): Eval {
    const e = this.compileNode(n);
    const slot = this.sharedSlotOf(n);
    if (slot === undefined) return e;
    const { values, generation, state } = this.memo;
    return (f) => {
      const gen = state.generation;
      if (generation[slot] === gen) {
        const v = values[slot];
        if (v instanceof CelEvaluationError || v instanceof CelUnmodelledError) throw v;
        return v;
      }
      let v: unknown;
      try {
        v = e(f);
      } catch (err) {
        if (!(err instanceof CelEvaluationError || err instanceof CelUnmodelledError)) throw err;
        v = err;
      }
      values[slot] = v;
      generation[slot] = gen;
      if (v instanceof CelEvaluationError || v instanceof CelUnmodelledError) throw v;
      return v;
    };
  }

  private compileNode(n: CelNode): Eval {
    switch (n.kind) {
      case "literal": {
        if (n.double && Number.isInteger(n.value))
          throw new CelUnsupportedError(`the integral double literal ${n.text}`);
        const v = n.value;
        return () => v;
      }
      case "ident":
        return this.ident(n.name);
      case "select":
        return this.select(this.compile(n.operand), n.field, n.optional);
      case "index":
        return this.index(this.compile(n.operand), this.compile(n.index), n.optional);
      case "call":
        return this.call(n);
      case "unary":
        return this.unary(n.op, this.compile(n.arg));
      case "binary": {
        if (n.op === "+") this.checkListSum(n.left, n.right, n.text);
        const literal = n.right.kind === "literal" && (n.op === "==" || n.op === "!=") ? n.right : undefined;
        if (literal && !literal.double)
          return this.equalsLiteral(this.compile(n.left), literal.value, n.op === "!=");
        return this.binary(n.op, this.compile(n.left), this.compile(n.right));
      }
      case "conditional": {
        const [c, t, e] = [this.compile(n.cond), this.compile(n.then), this.compile(n.else)];
        return (f) => {
          const v = c(f);
          if (v === true) return t(f);
          if (v === false) return e(f);
          throw new CelEvaluationError(`Ternary condition must be bool, got '${kindOf(v)}'`);
        };
      }
      case "list": {
        this.checkHomogeneous(n.items, n.text);
        const items = n.items.map((i) => this.compile(i));
        return (f) => items.map((i) => i(f));
      }
      case "map": {
        const keys = n.entries.map((e) =>
          e.key.kind === "literal" && typeof e.key.value === "string" ? e.key.value : undefined,
        );
        if (keys.some((k) => k === undefined) || new Set(keys).size !== keys.length)
          throw new CelUnsupportedError(`a map literal without distinct string keys: ${n.text}`);
        // cel-js drops these keys from a map literal.
        if (keys.some((k) => k === "__proto__" || k === "constructor" || k === "prototype"))
          throw new CelUnsupportedError(`a map literal with a key cel-js drops: ${n.text}`);
        this.checkHomogeneous(
          n.entries.map((e) => e.value),
          n.text,
        );
        const values = n.entries.map((e) => this.compile(e.value));
        return (f) => {
          const out = Object.create(null) as Record<string, unknown>;
          for (let i = 0; i < values.length; i++) out[keys[i] as string] = (values[i] as Eval)(f);
          return out;
        };
      }
    }
  }

  /** `x == lit` and `x != lit` for a null, bool, int or string literal: equal only when identical. */
  private equalsLiteral(l: Eval, value: null | boolean | number | string, negate: boolean): Eval {
    return (f) => {
      const v = l(f);
      if (v === value) return !negate;
      checkModelled(v);
      return negate;
    };
  }

  /**
   * cel-js gives a list or map literal the static type of its elements and checks values against
   * it at run time when they differ (`[{}, 0.5].all(x, true)` is an error there): only literals
   * whose elements are all dynamic, or all of one primitive type, are compiled here.
   */
  private checkHomogeneous(items: readonly CelNode[], text: string): void {
    if (items.every((i) => i.text === items[0]?.text)) return;
    const types = new Set(items.map((i) => this.staticType(i)));
    const [only] = types;
    if (types.size === 0 || (types.size === 1 && only !== undefined && only !== "other")) return;
    throw new CelUnsupportedError(
      `a list or map literal whose elements are not all dynamic or of one primitive type: ${text}`,
    );
  }

  /**
   * cel-js gives the sum of a list of one static element type and a dynamic list that element
   * type, and checks the elements against it when they are read: such a sum is not compiled.
   */
  private checkListSum(left: CelNode, right: CelNode, text: string): void {
    const [a, b] = [this.listElements(left), this.listElements(right)];
    if (a === "none" || b === "none") return;
    const kinds = new Set([a, b]);
    kinds.delete("empty");
    kinds.delete("dyn");
    if (kinds.size === 0 || (a === b && a !== "other")) return;
    throw new CelUnsupportedError(`a sum of lists whose static element types differ: ${text}`);
  }

  /** The static element type of a list expression: `dyn`, `empty`, a primitive, `other`, or `none` when it is not a list. */
  private listElements(n: CelNode): string {
    switch (n.kind) {
      case "list": {
        if (n.items.length === 0) return "empty";
        const types = new Set(n.items.map((i) => this.staticType(i)));
        const [only] = types;
        return types.size === 1 && only !== undefined ? only : "other";
      }
      case "conditional": {
        const [a, b] = [this.listElements(n.then), this.listElements(n.else)];
        if (a === "empty") return b;
        if (b === "empty") return a;
        return a === b ? a : a === "none" || b === "none" ? "none" : "other";
      }
      case "binary": {
        if (n.op !== "+") return this.staticType(n) === "other" ? "other" : "none";
        const [a, b] = [this.listElements(n.left), this.listElements(n.right)];
        if (a === "none" || b === "none") return "none";
        return (a === "dyn" || a === "empty") && (b === "dyn" || b === "empty") ? "dyn" : "other";
      }
      case "call":
        if (n.target && n.name === "split") return "string";
        if (n.target && n.name === "map") return "other";
        return this.elementsOfType(this.staticType(n));
      default:
        return this.elementsOfType(this.staticType(n));
    }
  }

  /** What a static type says of list elements: a dynamic value may be any list, a primitive is none, anything else unknown. */
  private elementsOfType(t: ReturnType<Compiler["staticType"]>): string {
    return t === "dyn" ? "dyn" : t === "other" ? "other" : "none";
  }

  /** The static type a type checker gives an expression, as far as this needs it: `dyn`, a primitive, or `other`. */
  private staticType(n: CelNode): "dyn" | "bool" | "int" | "double" | "string" | "null" | "other" {
    switch (n.kind) {
      case "literal":
        return n.value === null
          ? "null"
          : typeof n.value === "number"
            ? n.double
              ? "double"
              : "int"
            : typeof n.value === "boolean"
              ? "bool"
              : "string";
      case "ident":
        return n.name === "object" || n.name === "variables" || this.locals.has(n.name) ? "dyn" : "other";
      case "select":
      case "index":
        return !n.optional && this.staticType(n.operand) === "dyn" ? "dyn" : "other";
      case "call":
        if (!n.target && n.name === "dyn") return "dyn";
        if (
          n.target &&
          n.name === "orValue" &&
          (n.target.kind === "select" || n.target.kind === "index") &&
          this.staticType(n.target.operand) === "dyn"
        ) {
          return this.staticType(n.args[0] as CelNode) === "null" ? "dyn" : "other";
        }
        return CALL_TYPES[n.name] ?? "other";
      case "unary":
        return n.op === "!" ? "bool" : "other";
      case "binary":
        return ["==", "!=", "<", "<=", ">", ">=", "in", "&&", "||"].includes(n.op) ? "bool" : "other";
      default:
        return "other";
    }
  }

  private ident(name: string): Eval {
    const slot = this.locals.get(name);
    if (slot !== undefined) return (f) => f.locals[slot];
    if (name === "object") return (f) => f.object;
    if (name === "variables") return (f) => f.variables;
    const type = TYPE_NAMES.get(name);
    if (type !== undefined) {
      const t = typeValue(type);
      return () => t;
    }
    throw new CelUnsupportedError(`the name ${name}`);
  }

  /**
   * `x.?f.orValue(d)` in one step, without an optional value in between; undefined when the
   * target is not an optional selection (or is shared, and so must be compiled as it is).
   */
  private optionalRead(target: CelNode, fallback: Eval): Eval | undefined {
    if (target.kind !== "select" || !target.optional) return undefined;
    if (this.sharedSlotOf(target) !== undefined) return undefined;
    const operand = this.compile(target.operand);
    const read = fieldReader(target.field);
    // As cel-js: the default is evaluated only when the optional is empty.
    return (f) => {
      let v = operand(f);
      if (v instanceof Optional) {
        if (v === NONE) return fallback(f);
        v = v.value;
      }
      if (isMap(v)) {
        const x = read(v);
        return x === undefined ? fallback(f) : x;
      }
      const k = kindOf(v);
      if (PLAIN_DATA.has(k)) return fallback(f);
      throw new CelUnmodelledError(`.?${target.field} of a ${k}`);
    };
  }

  private select(operand: Eval, field: string, optional: boolean): Eval {
    const read = fieldReader(field);
    if (optional) {
      return (f) => {
        let v = operand(f);
        if (v instanceof Optional) {
          if (v === NONE) return NONE;
          v = v.value;
        }
        if (isMap(v)) {
          const x = read(v);
          return x === undefined ? NONE : new Optional(x);
        }
        const k = kindOf(v);
        if (PLAIN_DATA.has(k)) return NONE;
        throw new CelUnmodelledError(`.?${field} of a ${k}`);
      };
    }
    return (f) => {
      const v = operand(f);
      if (isMap(v)) {
        const x = read(v);
        if (x === undefined) throw new CelEvaluationError(`No such key: ${field}`);
        return x;
      }
      const k = kindOf(v);
      if (PLAIN_DATA.has(k)) throw new CelEvaluationError(`No such key: ${field}`);
      throw new CelUnmodelledError(`.${field} of a ${k}`);
    };
  }

  private index(operand: Eval, index: Eval, optional: boolean): Eval {
    return (f) => {
      let v = operand(f);
      const k = index(f);
      if (optional && v instanceof Optional) {
        if (v === NONE) return NONE;
        v = v.value;
      }
      if (isMap(v)) {
        // cel-js looks a key that is not a string up by its string form in some maps and not in others.
        if (typeof k !== "string") throw new CelUnmodelledError(`a map indexed by a ${kindOf(k)}`);
        const x = entryOf(v, k);
        if (x !== undefined) return optional ? new Optional(x) : x;
        if (optional) return NONE;
        throw new CelEvaluationError(`No such key: ${k}`);
      }
      if (Array.isArray(v) && kindOf(k) === "int" && (k as number) >= 0) {
        const i = k as number;
        if (i < v.length) return optional ? new Optional(elementOf(v, i)) : elementOf(v, i);
        if (optional) return NONE;
        throw new CelEvaluationError(`No such key: index out of bounds, index ${i} >= size ${v.length}`);
      }
      // A list by a string, or data other than a list or map by a string or an int: nothing there.
      const [kv, kk] = [kindOf(v), kindOf(k)];
      if (PLAIN_DATA.has(kv) && (kk === "string" || (kk === "int" && kv !== "list"))) {
        if (optional) return NONE;
        throw new CelEvaluationError(`No such key: ${String(k)}`);
      }
      throw new CelUnmodelledError(`a ${kv} indexed by a ${kk}`);
    };
  }

  private unary(op: "!" | "-", arg: Eval): Eval {
    if (op === "!") {
      return (f) => {
        const v = arg(f);
        if (v === true || v === false) return !v;
        throw new CelEvaluationError(`no such overload: !${kindOf(v)}`);
      };
    }
    return (f) => {
      const v = arg(f);
      const k = kindOf(v);
      if (k === "int" || k === "double") return v === 0 ? 0 : -(v as number);
      throw new CelEvaluationError(`no such overload: -${k}`);
    };
  }

  private binary(op: string, l: Eval, r: Eval): Eval {
    switch (op) {
      case "&&":
      case "||": {
        const decisive = op === "||";
        return (f) => {
          const left = attempt(l, f);
          if (left === decisive) return decisive;
          const right = r(f);
          if (left === !decisive) {
            if (right === true || right === false) return right;
            throw new CelEvaluationError(`Logical operator requires bool operands, got '${kindOf(right)}'`);
          }
          if (right === decisive) return decisive;
          if (left instanceof CelEvaluationError) throw left;
          throw new CelEvaluationError(`Logical operator requires bool operands, got '${kindOf(left)}'`);
        };
      }
      case "==":
        return (f) => celEquals(l(f), r(f));
      case "!=":
        return (f) => !celEquals(l(f), r(f));
      case "<":
        return (f) => celCompare(l(f), r(f), op) < 0;
      case "<=":
        return (f) => celCompare(l(f), r(f), op) <= 0;
      case ">":
        return (f) => celCompare(l(f), r(f), op) > 0;
      case ">=":
        return (f) => celCompare(l(f), r(f), op) >= 0;
      case "in":
        return (f) => membership(l(f), r(f));
      case "+":
      case "-":
        return (f) => arithmetic(op, l(f), r(f));
      default:
        throw new CelUnsupportedError(`the operator ${op}`);
    }
  }

  private call(n: Extract<CelNode, { kind: "call" }>): Eval {
    if (n.target && MACROS.has(n.name) && n.args.length === 2)
      return this.macro(n.name, n.target, n.args[0] as CelNode, n.args[1] as CelNode);
    if (n.target && n.name === "orValue" && n.args.length === 1) {
      const fallback = this.compile(n.args[0] as CelNode);
      const fused = this.optionalRead(n.target, fallback);
      if (fused) return fused;
      const target = this.compile(n.target);
      return (f) => {
        const v = target(f);
        if (v instanceof Optional) return v === NONE ? fallback(f) : v.value;
        throw new CelUnmodelledError(`orValue of a ${kindOf(v)}`);
      };
    }
    const key = `${n.name}/${n.args.length}`;
    const fn = n.target ? METHODS.get(key) : GLOBAL_FUNCTIONS.get(key);
    if (fn === undefined) throw new CelUnsupportedError(`the function ${n.target ? "." : ""}${key}`);
    // dyn() changes only what a type checker sees.
    if (!n.target && key === "dyn/1") return this.compile(n.args[0] as CelNode);
    const args = (n.target ? [n.target, ...n.args] : n.args).map((a) => this.compile(a));
    const [a, b, c] = args as [Eval, Eval | undefined, Eval | undefined];
    if (args.length === 1) return (f) => fn(a(f), undefined, undefined);
    if (args.length === 2 && b) return (f) => fn(a(f), b(f), undefined);
    if (args.length === 3 && b && c) return (f) => fn(a(f), b(f), c(f));
    throw new CelUnsupportedError(`the function ${key} with ${args.length} arguments`);
  }

  private macro(name: string, target: CelNode, variable: CelNode, body: CelNode): Eval {
    if (variable.kind !== "ident")
      throw new CelUnsupportedError(`${name}() with a variable that is not a name`);
    const range = this.compile(target);
    const saved = this.locals;
    const slot = this.maxLocals;
    this.locals = new Map(saved).set(variable.name, slot);
    this.maxLocals = Math.max(this.maxLocals, slot + 1);
    const predicate = this.compile(body);
    this.locals = saved;
    const itemsOf = (v: unknown): readonly unknown[] => {
      if (Array.isArray(v)) return v;
      if (isMap(v)) return keysOf(v);
      const k = kindOf(v);
      if (k === "quantity" || k === "optional" || k === "type")
        throw new CelUnmodelledError(`${name}() over a ${k}`);
      throw new CelEvaluationError(
        `Expression of type '${kindOf(v)}' cannot be range of a comprehension (must be list, map, or dynamic).`,
      );
    };
    const label = `${name}(var, predicate) predicate`;
    switch (name) {
      case "all":
      case "exists": {
        const decisive = name === "exists";
        return (f) => {
          const v = range(f);
          const items = itemsOf(v);
          const list = Array.isArray(v);
          let error: CelEvaluationError | undefined;
          for (let i = 0; i < items.length; i++) {
            f.locals[slot] = list ? elementOf(items, i) : items[i];
            const r = attempt(predicate, f);
            if (r === decisive) return decisive;
            if (r === !decisive) continue;
            error ??=
              r instanceof CelEvaluationError
                ? r
                : new CelEvaluationError(`${label} must return bool, got '${kindOf(r)}'`);
          }
          if (error) throw error;
          return !decisive;
        };
      }
      case "exists_one":
        return (f) => {
          const v = range(f);
          const items = itemsOf(v);
          const list = Array.isArray(v);
          let count = 0;
          for (let i = 0; i < items.length; i++) {
            f.locals[slot] = list ? elementOf(items, i) : items[i];
            if (asBool(predicate(f), `${label}`)) count += 1;
          }
          return count === 1;
        };
      default:
        return (f) => {
          const v = range(f);
          const items = itemsOf(v);
          const list = Array.isArray(v);
          const out = new Array<unknown>(items.length);
          for (let i = 0; i < items.length; i++) {
            f.locals[slot] = list ? elementOf(items, i) : items[i];
            out[i] = predicate(f);
          }
          return out;
        };
    }
  }
}

function membership(item: unknown, container: unknown): boolean {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (celEquals(item, elementOf(container, i))) return true;
    return false;
  }
  if (isMap(container)) {
    if (typeof item === "string") return entryOf(container, item) !== undefined;
    throw new CelUnmodelledError(`a ${kindOf(item)} key in a map`);
  }
  const k = kindOf(container);
  if (k === "quantity" || k === "optional" || k === "type") throw new CelUnmodelledError(`in of a ${k}`);
  throw new CelEvaluationError(`no such overload: ${kindOf(item)} in ${k}`);
}

function arithmetic(op: "+" | "-", a: unknown, b: unknown): unknown {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (ka === kb && (ka === "int" || ka === "double")) {
    const r = op === "+" ? (a as number) + (b as number) : (a as number) - (b as number);
    // An int past 2^53 is not exact here; a double sum that is integral would read back as an int.
    if (ka === "int" ? !Number.isSafeInteger(r) : Number.isInteger(r) || !Number.isFinite(r))
      throw new CelUnmodelledError(`${ka} ${op} ${kb} = ${r}`);
    return r;
  }
  if (op === "+" && ka === kb && ka === "string") return (a as string) + (b as string);
  if (op === "+" && ka === kb && ka === "list") return [...(a as unknown[]), ...(b as unknown[])];
  if (ka === "quantity" || kb === "quantity" || ka === "optional" || kb === "optional")
    throw new CelUnmodelledError(`${ka} ${op} ${kb}`);
  throw new CelEvaluationError(`no such overload: ${ka} ${op} ${kb}`);
}

/**
 * Compiles CEL expressions to JavaScript closures. Each expression is parsed once; a
 * subexpression that several of them share (same structure, same scope, reading only `object` and
 * `variables`) is evaluated once between two calls of `reset`, its error too.
 *
 * The values are read in place (see {@link CelKind}); semantics follow CEL as cel-js 8 and
 * Kubernetes implement them for this subset: `&&`, `||`, `all` and `exists` absorb errors when
 * another operand decides, `exists_one` and `map` do not, a ternary or logical operand that is not
 * a bool is an error, equality is heterogeneous. What it does not model exactly raises
 * {@link CelUnmodelledError} when evaluated; what it cannot compile is returned as
 * {@link CelUnsupportedError} in place of the evaluator.
 *
 * @param sources - the expressions with their scopes
 * @returns the compiled set
 */
export function compileCelSet(sources: readonly CelSource[]): CompiledCelSet {
  const parsed = sources.map((s) => {
    try {
      return parseCel(s.expression);
    } catch (e) {
      if (e instanceof CelUnsupportedError) return e;
      throw e;
    }
  });
  const shapes = new Map<CelNode, Shape>();
  const counts = new Map<string, number>();
  // Structures and scopes as small numbers: keys stay short however large the expressions.
  const structures = new Map<string, number>();
  const intern = (structure: string): number => {
    let id = structures.get(structure);
    if (id === undefined) structures.set(structure, (id = structures.size));
    return id;
  };
  const scopes = new Map<string, number>();
  const scopeIds = sources.map((source) => {
    let id = scopes.get(source.scope);
    if (id === undefined) scopes.set(source.scope, (id = scopes.size));
    return id;
  });
  parsed.forEach((p, i) => {
    if (p instanceof CelUnsupportedError) return;
    shapeOf(p, new Set(), shapes, intern);
    const visit = (n: CelNode): void => {
      const s = shapes.get(n);
      if (s?.closed && s.nodes >= MIN_SHARED_NODES) {
        const key = `${scopeIds[i] ?? 0}:${s.id}`;
        // Counted once per expression: a repeat inside one expression is shared too.
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const c of childrenOf(n)) visit(c);
    };
    visit(p);
  });
  const slots = new Map<string, number>();
  const shared = (key: string): number | undefined => {
    if ((counts.get(key) ?? 0) < 2) return undefined;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(key, slot);
    }
    return slot;
  };
  const memo: Memo = { values: [], generation: [], state: { generation: 1 } };
  const evaluators = parsed.map((p, i): CelEvaluator | CelUnsupportedError => {
    if (p instanceof CelUnsupportedError) return p;
    const compiler = new Compiler(String(scopeIds[i] ?? 0), shared, shapes, memo);
    let e: Eval;
    try {
      e = compiler.compile(p);
    } catch (err) {
      if (err instanceof CelUnsupportedError) return err;
      throw err;
    }
    const size = compiler.maxLocals;
    return (activation) =>
      e({ object: activation.object, variables: activation.variables, locals: new Array<unknown>(size) });
  });
  return {
    evaluators,
    reset() {
      memo.state.generation += 1;
    },
    sharedCount: slots.size,
  };
}
