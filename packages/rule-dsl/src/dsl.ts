import type {
  ContainerList,
  Expr,
  ImagePart,
  Iteration,
  Json,
  KindIR,
  Operation,
  ParamIR,
  ParamSchema,
  PathSegment,
  RuleExamples,
  RuleIR,
  RuleMetadata,
  ViolationIR,
} from "./ir.js";
import { POD_CONTROLLER_KINDS } from "./kinds.js";
import { re2SyntaxError } from "./re2.js";
import { checkRuleParams, formatParamError } from "./param-check.js";
import type { V1Container, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";

const EXPR = Symbol("tollgate.expr");
const REF = Symbol("tollgate.ref");

/** A typed expression: an IR node whose value has TypeScript type `T`. */
export interface Value<T> {
  readonly [EXPR]: Expr;
  /** Phantom: the value's type. Never read at run time. */
  readonly __type?: T;
}

/** A boolean expression. */
export type Pred = Value<boolean>;

/** Where a {@link Ref} points: a root expression and the field path from it. */
export interface RefInfo {
  readonly base: Expr;
  readonly path: readonly PathSegment[];
}

/** The fields of a {@link Ref}: one typed ref per field of `T`. */
export type Fields<T> = T extends readonly unknown[]
  ? unknown
  : T extends Date
    ? unknown
    : T extends object
      ? { readonly [K in keyof T]-?: Ref<NonNullable<T[K]>> }
      : unknown;

/**
 * A typed path into an object, not yet read. Field access extends the path, and a misspelt
 * field is a type error. Read it with {@link read}, test it with {@link exists}.
 */
export type Ref<T> = { readonly [REF]: RefInfo; readonly __refType?: T } & Fields<T>;

/** A value or a literal that lifts to one. */
export type Val<T> = Value<T> | T;

function makeRef<T>(info: RefInfo): Ref<T> {
  return new Proxy({} as Ref<T>, {
    has(_target, prop) {
      return prop === REF;
    },
    get(_target, prop) {
      if (prop === REF) return info;
      if (typeof prop === "symbol") return undefined;
      return makeRef({ base: info.base, path: [...info.path, prop] });
    },
  });
}

function isValue(v: unknown): v is Value<unknown> {
  return typeof v === "object" && v !== null && EXPR in v;
}

/**
 * The IR of a value, lifting a literal.
 *
 * @param v - a value or a literal
 * @returns its IR expression
 */
export function toExpr(v: Val<unknown>): Expr {
  if (isValue(v)) return v[EXPR];
  if (typeof v === "object" && v !== null && REF in v) {
    throw new Error("a field path was used as a value: wrap it in read(path, default) or exists(path)");
  }
  return { op: "lit", value: v as Json };
}

function value<T>(expr: Expr): Value<T> {
  return { [EXPR]: expr } as Value<T>;
}

/**
 * Reads a field, yielding `fallback` when the field or any field on its path is absent.
 *
 * @param ref - the field
 * @param fallback - the value of an absent field
 * @returns the field's value
 */
export function read<T>(ref: Ref<T>, fallback: T): Value<T> {
  const { base, path } = ref[REF];
  return value({ op: "get", base, path, default: fallback as Json });
}

/**
 * Reads a field inside a computed value, such as an object parameter
 * (`readField(params.runAsUser, ["rule"], "RunAsAny")`), yielding `fallback` when it is absent.
 *
 * @param v - the value
 * @param path - the field path inside it
 * @param fallback - the value of an absent field
 * @returns the field's value
 */
export function readField<T>(v: Value<unknown>, path: readonly string[], fallback: T): Value<T> {
  return value({ op: "get", base: toExpr(v), path: [...path], default: fallback as Json });
}

/**
 * Whether a field is present (and not null).
 *
 * @param ref - the field
 * @returns a predicate
 */
export function exists(ref: Ref<unknown>): Pred {
  const { base, path } = ref[REF];
  return value({ op: "has", base, path });
}

/**
 * A field of a map under a computed key, such as a label named by a parameter.
 *
 * @param ref - the map
 * @param key - the key
 * @returns the field
 */
export function at<V>(ref: Ref<Record<string, V>>, key: Val<string>): Ref<V> {
  const { base, path } = ref[REF];
  return makeRef({ base, path: [...path, typeof key === "string" ? key : toExpr(key)] });
}

const cmp =
  (c: "eq" | "ne" | "lt" | "le" | "gt" | "ge") =>
  <T extends string | number | boolean>(left: Val<T>, right: Val<T>): Pred =>
    value({ op: "cmp", cmp: c, left: toExpr(left), right: toExpr(right) });

/** `left == right`. */
export const eq = cmp("eq");
/** `left != right`. */
export const ne = cmp("ne");
/** `left < right`. */
export const lt = cmp("lt");
/** `left <= right`. */
export const le = cmp("le");
/** `left > right`. */
export const gt = cmp("gt");
/** `left >= right`. */
export const ge = cmp("ge");

/**
 * All of the predicates hold.
 *
 * @param args - predicates
 * @returns their conjunction
 */
export function and(...args: Pred[]): Pred {
  return value({ op: "and", args: args.map(toExpr) });
}

/**
 * At least one of the predicates holds.
 *
 * @param args - predicates
 * @returns their disjunction
 */
export function or(...args: Pred[]): Pred {
  return value({ op: "or", args: args.map(toExpr) });
}

/**
 * The predicate does not hold.
 *
 * @param arg - a predicate
 * @returns its negation
 */
export function not(arg: Pred): Pred {
  return value({ op: "not", arg: toExpr(arg) });
}

/** `s` starts with `t`. */
export function startsWith(s: Val<string>, t: Val<string>): Pred {
  return value({ op: "startsWith", s: toExpr(s), t: toExpr(t) });
}
/** `s` ends with `t`. */
export function endsWith(s: Val<string>, t: Val<string>): Pred {
  return value({ op: "endsWith", s: toExpr(s), t: toExpr(t) });
}
/** `s` contains `t`. */
export function contains(s: Val<string>, t: Val<string>): Pred {
  return value({ op: "contains", s: toExpr(s), t: toExpr(t) });
}

/**
 * `s` holds a match of an RE2 regular expression (Go's `regexp`, which OPA, Gatekeeper, Kyverno
 * and Kubernetes CEL evaluate, and which every Tollgate engine evaluates too): flags such as
 * `(?i)`, POSIX classes and repetition counts are all RE2's; look-around and back-references are
 * not RE2 and are refused.
 *
 * @param s - the string
 * @param pattern - the regular expression
 * @returns a predicate
 * @throws {@link RegexSyntaxError} for a literal pattern that is not RE2 syntax, naming the offset
 */
export function matches(s: Val<string>, pattern: Val<string>): Pred {
  if (typeof pattern === "string") {
    const error = re2SyntaxError(pattern);
    if (error) throw error;
  }
  return value({ op: "matches", s: toExpr(s), pattern: toExpr(pattern) });
}

/**
 * The anchored regular expression of a glob: `*` is any run of characters (including `/`),
 * `?` any one character, everything else literal.
 *
 * @param pattern - the glob
 * @returns an RE2 regular expression
 */
export function globToRegex(pattern: string): string {
  const body = [...pattern]
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch))
    .join("");
  return `^${body}$`;
}

/**
 * `s` matches a glob written in the rule: `*` is any run of characters (including `/`), `?`
 * any one character. Compiled to the same regular expression for every target.
 *
 * @param s - the string
 * @param pattern - the glob
 * @returns a predicate
 */
export function glob(s: Val<string>, pattern: string): Pred {
  return value({ op: "matches", s: toExpr(s), pattern: { op: "lit", value: globToRegex(pattern) } });
}

/**
 * `s` without the suffix `t` (removed once), or `s` itself when it does not end with `t`.
 *
 * @param s - the string
 * @param t - the suffix
 * @returns the trimmed string
 */
export function trimSuffix(s: Val<string>, t: Val<string>): Value<string> {
  return value({ op: "trimSuffix", s: toExpr(s), t: toExpr(t) });
}

/**
 * A list of strings joined by a separator, for messages.
 *
 * @param list - the strings
 * @param sep - the separator
 * @returns the joined string
 */
export function join(list: Val<readonly string[]>, sep: string): Value<string> {
  return value({ op: "join", list: toExpr(list as Val<unknown>), sep });
}

/**
 * `then` when `cond` holds, `otherwise` when it does not.
 *
 * @param cond - the condition
 * @param then - the value when it holds
 * @param otherwise - the value when it does not
 * @returns the chosen value
 */
export function ifThen<T>(cond: Pred, then: Val<T>, otherwise: Val<T>): Value<T> {
  return value({ op: "if", cond: toExpr(cond), then: toExpr(then), else: toExpr(otherwise) });
}

/**
 * Whether a value is a Kubernetes quantity (`500m`, `1Gi`, `2`); numbers are quantities.
 *
 * @param v - the value
 * @returns a predicate
 */
export function isQuantity(v: Val<string | number>): Pred {
  return value({ op: "isQuantity", arg: toExpr(v) });
}

const qcmp =
  (c: "eq" | "ne" | "lt" | "le" | "gt" | "ge") =>
  (left: Val<string | number>, right: Val<string | number>): Pred =>
    value({ op: "qcmp", cmp: c, left: toExpr(left), right: toExpr(right) });

/**
 * Comparisons of Kubernetes quantities by value (`quantity.gt("1Gi", "1000Mi")` holds). Each is
 * false when either side is not a quantity: test that with {@link isQuantity}.
 */
export const quantity = {
  eq: qcmp("eq"),
  ne: qcmp("ne"),
  lt: qcmp("lt"),
  le: qcmp("le"),
  gt: qcmp("gt"),
  ge: qcmp("ge"),
};

/**
 * `item` is an element of `list`.
 *
 * @param item - the value
 * @param list - the list
 * @returns a predicate
 */
export function isIn<T extends string | number | boolean>(item: Val<T>, list: Val<readonly T[]>): Pred {
  return value({ op: "in", item: toExpr(item), list: toExpr(list as Val<unknown>) });
}

/**
 * The keys of a map field (an empty list when it is absent or not a map), sorted.
 *
 * @param map - the map
 * @returns its keys
 */
export function keysOf(map: Ref<Record<string, unknown>> | Ref<{ [key: string]: string }>): Value<string[]> {
  return value({ op: "keys", arg: toExpr(read(map as Ref<Record<string, unknown>>, {})) });
}

/**
 * The object under review seen as a given Kubernetes type, for rules about one kind
 * (`typed<V1Ingress>(object).spec.rules`).
 *
 * @param ref - a ref (usually the rule's `object`)
 * @returns the same ref, typed
 */
export function typed<T>(ref: Ref<unknown>): Ref<T> {
  return ref as unknown as Ref<T>;
}

/** The number of elements of a list. */
export function size(list: Val<readonly unknown[]>): Value<number> {
  return value({ op: "size", arg: toExpr(list as Val<unknown>) });
}

/**
 * A part of an image reference (`registry/repository:tag@digest`); an absent part is "".
 *
 * @param image - the image reference
 * @param part - which part
 * @returns the part
 */
export function imagePart(image: Val<string>, part: ImagePart): Value<string> {
  return value({ op: "imagePart", part, image: toExpr(image) });
}

/**
 * A list of computed values, in order.
 *
 * @param items - the values
 * @returns the list
 */
export function listOf<T>(...items: Val<T>[]): Value<T[]> {
  return value({ op: "array", items: items.map((i) => toExpr(i)) });
}

/**
 * Binds a value to a variable for a condition that uses it several times, so each target
 * computes it once and its text appears once (CEL has no `let` in a validation expression: this
 * compiles to `[v].exists(x, …)`; Rego to `some x in [v]`).
 *
 * @param v - the value
 * @param body - the condition, given the bound value
 * @returns a predicate
 */
export function withValue<T>(v: Val<T>, body: (x: Value<T>) => Pred): Pred {
  const name = freshVar("v");
  return value({
    op: "any",
    var: name,
    list: { op: "array", items: [toExpr(v)] },
    body: toExpr(body(value<T>({ op: "var", name }))),
  });
}

/**
 * A named sub-expression (see {@link named}) whose fields can be read like the object's: for a
 * map or object computed once per object, such as the pod's annotations whatever the kind.
 *
 * @param name - a name, unique in the rule
 * @param v - the value
 * @returns a reference to its fields
 */
export function namedRef<T>(name: string, v: Value<T>): Ref<T> {
  const let_ = named(name, v);
  return makeRef<T>({ base: toExpr(let_), path: [] });
}

let counter = 0;
let currentLets: Record<string, Expr> | undefined;

function mentionsBoundVariable(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  if ((e as { op?: unknown }).op === "var" || (e as { op?: unknown }).op === "pathOf") return true;
  return Object.values(e).some(mentionsBoundVariable);
}

/**
 * A named sub-expression of the rule: computed once per object, shared by every violation, and
 * emitted as a named rule in Rego and a variable in CEL. It may read the object, the pod spec
 * and parameters, not a variable bound by an iteration.
 *
 * @param name - a name, unique in the rule (letters, digits, `_`)
 * @param v - the value
 * @returns a reference to it
 */
export function named<T>(name: string, v: Value<T>): Value<T> {
  if (!currentLets) throw new Error(`named(${name}) is only available while a rule is being defined`);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    throw new Error(`named sub-expression "${name}": use letters, digits and _`);
  if (name in currentLets) throw new Error(`named sub-expression "${name}" is defined twice`);
  // The CEL targets' own variables: the pod spec, its field path, its container lists,
  // Gatekeeper's parameters.
  if (["podSpec", "podSpecPath", "params", ...ALL_CONTAINER_LISTS].includes(name))
    throw new Error(`named sub-expression "${name}": the name is reserved, choose another`);
  const expr = toExpr(v);
  if (mentionsBoundVariable(expr))
    throw new Error(`named sub-expression "${name}" reads an iteration variable: inline it instead`);
  currentLets[name] = expr;
  return value({ op: "let", name });
}

/**
 * A helper whose result is built once per argument and then reused: every violation that calls
 * it with the same argument holds the same expression. That is how a rule says "this is one
 * thing, written once": its mutants change such an expression everywhere it is used at once, as
 * a slip in writing the helper would. Use it for the pieces of a rule that several violations
 * share (a strategy's rule read from a parameter, whether a field is set).
 *
 * @example
 * ```ts
 * const set = builtOnce((f: "runAsUser" | "runAsGroup") => or(exists(c.securityContext[f]), exists(pod.securityContext[f])));
 * ```
 * @param build - builds the expression for one argument
 * @returns the same builder, remembering what it built
 */
export function builtOnce<K, R>(build: (key: K) => R): (key: K) => R {
  const built = new Map<K, R>();
  return (key) => {
    if (!built.has(key)) built.set(key, build(key));
    return built.get(key) as R;
  };
}
function freshVar(hint: string): string {
  counter += 1;
  return `${hint}${counter}`;
}

function quantifier(q: "all" | "any" | "none" | "one") {
  return <E>(list: Ref<E[]> | Value<E[]>, body: (item: Ref<E>) => Pred): Pred => {
    const name = freshVar("x");
    const listExpr = REF in list ? toExpr(read(list as Ref<E[]>, [])) : toExpr(list);
    const item = makeRef<E>({ base: { op: "var", name }, path: [] });
    return value({ op: q, var: name, list: listExpr, body: toExpr(body(item)) });
  };
}
/** Every element of the list satisfies `body` (true for an absent or empty list). */
export const all = quantifier("all");
/** Some element of the list satisfies `body`. */
export const any = quantifier("any");
/** No element of the list satisfies `body`. */
export const none = quantifier("none");
/** Exactly one element of the list satisfies `body`. */
export const exactlyOne = quantifier("one");

/**
 * A value bound by a quantifier used as a value (for lists of strings, say).
 *
 * @param ref - the bound element
 * @returns its value
 */
export function itself<T>(ref: Ref<T>): Value<T> {
  const { base, path } = ref[REF];
  if (path.length > 0) throw new Error("itself() takes a bound element, not a field of one");
  return value(base);
}

/**
 * A message or field path built from literal text and values; refs are read with "" as default.
 *
 * @example
 * ```ts
 * msg`container ${c.name} must set securityContext.runAsNonRoot`
 * ```
 */
export function msg(
  strings: TemplateStringsArray,
  ...values: (Val<string> | Ref<string> | Ref<unknown>)[]
): Value<string> {
  const parts: Expr[] = [];
  // Literal text, and literal strings put in it, become one part.
  const push = (e: Expr) => {
    const last = parts.at(-1);
    if (e.op === "lit" && typeof e.value === "string" && last?.op === "lit" && typeof last.value === "string")
      parts[parts.length - 1] = { op: "lit", value: last.value + e.value };
    else if (!(e.op === "lit" && e.value === "")) parts.push(e);
  };
  strings.forEach((s, i) => {
    push({ op: "lit", value: s });
    if (i < values.length) {
      const v = values[i];
      push(
        typeof v === "object" && v !== null && REF in v
          ? toExpr(read(v as Ref<string>, ""))
          : toExpr(v as Val<string>),
      );
    }
  });
  return value({ op: "concat", parts });
}

/**
 * The field path of a ref, as a string value: `spec.containers[0].securityContext.privileged`.
 *
 * @param ref - a field reached from the object, the pod spec or a bound element
 * @returns its path
 */
export function fieldPath(ref: Ref<unknown>): Value<string> {
  const { base, path } = ref[REF];
  const suffix = path.map((p) => (typeof p === "string" ? `.${p}` : "[]")).join("");
  const head: Expr =
    base.op === "var"
      ? { op: "pathOf", name: base.name }
      : base.op === "podSpec"
        ? { op: "pathOf", name: "$podSpec" }
        : { op: "lit", value: "" };
  const tail = base.op === "object" ? suffix.replace(/^\./, "") : suffix;
  return value({ op: "concat", parts: [head, { op: "lit", value: tail }] });
}

/** A violation under construction: when it holds, which field broke the rule, and the message. */
export interface ViolationSpec {
  readonly when: Pred;
  readonly field: Ref<unknown> | Value<string>;
  readonly message: Value<string>;
}

/** A violation, possibly inside iterations. */
export type Violation = ViolationIR;

/**
 * A violation that does not iterate.
 *
 * @param spec - condition, field and message
 * @returns the violation
 */
export function violation(spec: ViolationSpec): Violation {
  const field =
    REF in spec.field ? toExpr(fieldPath(spec.field as Ref<unknown>)) : toExpr(spec.field as Value<string>);
  return { each: [], when: toExpr(spec.when), field, message: toExpr(spec.message) };
}

function nest(iteration: Iteration, inner: Violation | Violation[]): Violation[] {
  return (Array.isArray(inner) ? inner : [inner]).map((v) => ({ ...v, each: [iteration, ...v.each] }));
}

/** All three container lists. */
export const ALL_CONTAINER_LISTS: readonly ContainerList[] = [
  "containers",
  "initContainers",
  "ephemeralContainers",
];

/**
 * Violations for each container of the pod spec (all three lists unless `lists` says otherwise).
 *
 * @param fn - the violation(s) for one container
 * @param lists - which container lists
 * @returns the violations
 */
export function forEachContainer(
  fn: (container: Ref<V1Container>) => Violation | Violation[],
  lists: readonly ContainerList[] = ALL_CONTAINER_LISTS,
): Violation[] {
  const name = freshVar("c");
  const container = makeRef<V1Container>({ base: { op: "var", name }, path: [] });
  return nest({ var: name, source: { kind: "containers", lists } }, fn(container));
}

/** How Gatekeeper's templates name a container of each list in messages. */
export const CONTAINER_NOUNS: Readonly<Record<ContainerList, string>> = {
  containers: "container",
  initContainers: "initContainer",
  ephemeralContainers: "ephemeralContainer",
};

/**
 * Like {@link forEachContainer}, with the noun of the container's list (`container`,
 * `initContainer`, `ephemeralContainer`) for messages that say which list it is in.
 *
 * @param fn - the violation(s) for one container and its noun
 * @param lists - which container lists
 * @returns the violations
 */
export function forEachContainerWithNoun(
  fn: (container: Ref<V1Container>, noun: string) => Violation | Violation[],
  lists: readonly ContainerList[] = ALL_CONTAINER_LISTS,
): Violation[] {
  return lists.flatMap((list) => forEachContainer((c) => fn(c, CONTAINER_NOUNS[list]), [list]));
}

/**
 * Violations for each element of a list read from a field (absent means empty).
 *
 * @param list - the list field
 * @param fn - the violation(s) for one element
 * @returns the violations
 */
export function forEach<E>(list: Ref<E[]>, fn: (item: Ref<E>) => Violation | Violation[]): Violation[] {
  const name = freshVar("e");
  const item = makeRef<E>({ base: { op: "var", name }, path: [] });
  const path = toExpr(fieldPath(list as Ref<unknown>));
  return nest({ var: name, source: { kind: "list", list: toExpr(read(list, [])), path } }, fn(item));
}

/**
 * Violations for each element of a list parameter.
 *
 * @param list - the parameter
 * @param fn - the violation(s) for one element
 * @returns the violations
 */
export function forEachParam<E>(
  list: Value<E[]>,
  fn: (item: Ref<E>) => Violation | Violation[],
): Violation[] {
  return forEachValue(list, "parameters", fn);
}

/**
 * Violations for each element of a computed list (such as {@link keysOf} a map).
 *
 * @param list - the list
 * @param path - the field path the elements are reported under
 * @param fn - the violation(s) for one element
 * @returns the violations
 */
export function forEachValue<E>(
  list: Value<E[]>,
  path: Val<string>,
  fn: (item: Ref<E>) => Violation | Violation[],
): Violation[] {
  const name = freshVar("v");
  const item = makeRef<E>({ base: { op: "var", name }, path: [] });
  return nest({ var: name, source: { kind: "list", list: toExpr(list), path: toExpr(path) } }, fn(item));
}

/** Declares a parameter. */
export const param = {
  /** A list of strings. */
  stringList: (description: string, defaultValue: string[]): ParamIR & { __t?: string[] } => ({
    schema: { type: "array", items: { type: "string" }, description },
    default: defaultValue,
  }),
  /** A string. */
  string: (description: string, defaultValue: string): ParamIR & { __t?: string } => ({
    schema: { type: "string", description },
    default: defaultValue,
  }),
  /** A list of objects with string fields (Gatekeeper's `labels: [{key, allowedRegex}]`). */
  objectList: <K extends string>(
    description: string,
    properties: Readonly<Record<K, string | { readonly description: string; readonly format: "regex" }>>,
    defaultValue: Record<K, string>[],
  ): ParamIR & { __t?: Record<K, string>[] } => ({
    schema: {
      type: "array",
      items: {
        type: "object",
        properties: Object.fromEntries(
          Object.entries<string | { description: string; format: "regex" }>(properties).map(([k, d]) => [
            k,
            typeof d === "string" ? { type: "string", description: d } : { type: "string", ...d },
          ]),
        ),
      },
      description,
    },
    default: defaultValue,
  }),
  /** An RE2 regular expression (checked as RE2 syntax when the parameters are read). */
  regex: (description: string, defaultValue: string): ParamIR & { __t?: string } => ({
    schema: { type: "string", description, format: "regex" },
    default: defaultValue,
  }),
  /** An integer. */
  integer: (description: string, defaultValue: number): ParamIR & { __t?: number } => ({
    schema: { type: "integer", description },
    default: defaultValue,
  }),
  /**
   * A parameter of any JSON schema, typed by the caller (`param.custom<{min: number}[]>(…)`).
   * Use it to keep a gatekeeper-library template's parameter schema exactly.
   */
  custom: <T extends Json>(schema: ParamSchema, defaultValue: T): ParamIR & { __t?: T } => ({
    schema,
    default: defaultValue,
  }),
  /** A boolean. */
  boolean: (description: string, defaultValue: boolean): ParamIR & { __t?: boolean } => ({
    schema: { type: "boolean", description },
    default: defaultValue,
  }),
};

/**
 * A parameter whose absence from a Gatekeeper Constraint means `value` (the upstream template's
 * reading), while Tollgate's artifacts and `tollgate eval` keep the parameter's default.
 *
 * @param p - the parameter
 * @param value - what an absent parameter means
 * @returns the parameter
 */
export function whenAbsent<P extends ParamIR>(p: P, value: Json): P {
  return { ...p, absent: value };
}

/** The typed values of a rule's declared parameters. */
export type ParamValues<P> = { readonly [K in keyof P]: P[K] extends { __t?: infer T } ? Value<T> : never };

/** The typed roots a rule's violations are written against. */
export interface RuleContext<P> {
  /** The object under review. */
  readonly object: Ref<{
    apiVersion: string;
    kind: string;
    metadata: V1ObjectMeta;
    spec: Record<string, unknown>;
  }>;
  /** Its pod spec (for Pod and every pod controller). */
  readonly pod: Ref<V1PodSpec>;
  /** Its metadata. */
  readonly metadata: Ref<V1ObjectMeta>;
  /** The rule's parameters. */
  readonly params: ParamValues<P>;
}

/** The definition of a rule, as an author writes it. */
export interface RuleDefinition<P extends Record<string, ParamIR>> {
  readonly meta: RuleMetadata;
  readonly match?: {
    readonly kinds?: readonly KindIR[];
    readonly operations?: readonly Operation[];
    readonly excludedNamespaces?: readonly string[];
    /** False to keep the rule out of background scans (Kyverno `evaluation.background`). */
    readonly background?: boolean;
  };
  readonly params?: P;
  readonly violations: (ctx: RuleContext<P>) => Violation[];
  /** At least one denied and one allowed example. */
  readonly examples: RuleExamples;
  /**
   * Mutants of the rule that no object can tell apart from it, each with a one-line reason:
   * `tollgate test` lists a surviving mutant by the id this takes.
   */
  readonly equivalentMutants?: Readonly<Record<string, string>>;
}

/**
 * Builds a rule's IR from its typed definition. Pod-spec rules match Pod and every pod
 * controller unless `match.kinds` says otherwise.
 *
 * @param def - the definition
 * @returns the rule IR
 */
export function defineRule<P extends Record<string, ParamIR> = Record<never, ParamIR>>(
  def: RuleDefinition<P>,
): RuleIR {
  counter = 0;
  const params = (def.params ?? {}) as P;
  const paramValues = Object.fromEntries(
    Object.keys(params).map((k) => [k, value({ op: "param", name: k })]),
  );
  const ctx: RuleContext<P> = {
    object: makeRef({ base: { op: "object" }, path: [] }),
    pod: makeRef({ base: { op: "podSpec" }, path: [] }),
    metadata: makeRef({ base: { op: "object" }, path: ["metadata"] }),
    params: paramValues as ParamValues<P>,
  };
  currentLets = {};
  let lets: Record<string, Expr>;
  let violations: Violation[];
  try {
    violations = def.violations(ctx);
    lets = currentLets;
  } finally {
    currentLets = undefined;
  }
  if (violations.length === 0) throw new Error(`rule ${def.meta.id} has no violations`);
  if (def.examples.denied.length === 0 || def.examples.allowed.length === 0) {
    throw new Error(`rule ${def.meta.id} needs at least one denied and one allowed example`);
  }
  // Each parameter's default, and each example's parameters, fit the declared schema.
  const defaults = Object.fromEntries(Object.entries<ParamIR>(params).map(([k, p]) => [k, p.default]));
  for (const [where, given] of [
    ["defaults", defaults] as const,
    ...[...def.examples.denied, ...def.examples.allowed]
      .filter((e) => e.params !== undefined)
      .map((e) => [`example "${e.title}"`, e.params!] as const),
  ]) {
    const errors = checkRuleParams({ meta: def.meta, params }, given);
    if (errors.length > 0)
      throw new Error(`rule ${def.meta.id}: ${where}: ${errors.map(formatParamError).join("; ")}`);
  }
  return {
    meta: def.meta,
    match: {
      kinds: def.match?.kinds ?? POD_CONTROLLER_KINDS,
      operations: def.match?.operations ?? ["CREATE", "UPDATE"],
      excludedNamespaces: def.match?.excludedNamespaces ?? [],
      ...(def.match?.background === false ? { background: false } : {}),
    },
    params,
    lets,
    violations,
    examples: def.examples,
    ...(def.equivalentMutants
      ? { equivalentMutants: checkedEquivalents(def.meta.id, def.equivalentMutants) }
      : {}),
  };
}

function checkedEquivalents(
  id: string,
  marks: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const [mutant, reason] of Object.entries(marks))
    if (reason.trim() === "" || reason.includes("\n"))
      throw new Error(`rule ${id}: equivalent mutant "${mutant}" needs a one-line reason`);
  return marks;
}

/** The JSON schema of a parameter, for Constraint CRDs and docs. */
export type { ParamSchema };
