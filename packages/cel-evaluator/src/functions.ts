import { parseQuantity, re2Matches, re2SyntaxError } from "@tollgate/rule-dsl";
import { CelEvaluationError, CelUnmodelledError } from "./errors.js";
import { codePointLength, elementOf, hasSurrogate, keysOf, kindOf, Quantity, typeValue } from "./values.js";

/** A function of evaluated arguments (the receiver first for a method), at most three. */
export type CelFunction = (a: unknown, b: unknown, c: unknown) => unknown;

function noOverload(name: string, args: readonly unknown[]): CelEvaluationError {
  return new CelEvaluationError(
    `found no matching overload for '${name}(${args.map((a) => kindOf(a)).join(", ")})'`,
  );
}

/** Kinds whose behaviour in a function this evaluator does not claim to know. */
const UNMODELLED_KINDS = new Set(["quantity", "type", "optional"]);

/**
 * Raises "no matching overload" for arguments of kinds CEL has no overload for, and an
 * unmodelled error for kinds this evaluator does not claim to know.
 */
function reject(name: string, args: readonly unknown[]): never {
  for (const a of args)
    if (UNMODELLED_KINDS.has(kindOf(a))) throw new CelUnmodelledError(`${name} of a ${kindOf(a)}`);
  throw noOverload(name, args);
}

/** `s.matches(pattern)`: RE2, as Kubernetes CEL and Kyverno evaluate it; a pattern RE2 refuses is an evaluation error. */
function re2MatchesOrError(s: string, pattern: string): boolean {
  const error = re2SyntaxError(pattern);
  if (error) throw new CelEvaluationError(`invalid regular expression: ${error.description}`);
  return re2Matches(pattern, s);
}

function compareQuantities(a: unknown, b: unknown, name: string): number {
  if (!(a instanceof Quantity) || !(b instanceof Quantity))
    throw new CelUnmodelledError(`${name} of a ${kindOf(a)} and a ${kindOf(b)}`);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Receiver string and index arguments where code units and code points differ are left to a general evaluator. */
function bmpOnly(name: string, s: string): void {
  if (hasSurrogate(s))
    throw new CelUnmodelledError(`${name} of a string outside the Basic Multilingual Plane`);
}

/** Global functions by name and arity (`name/arity`). */
export const GLOBAL_FUNCTIONS: ReadonlyMap<string, CelFunction> = new Map<string, CelFunction>([
  ["dyn/1", (v) => v],
  [
    "size/1",
    (v) => {
      if (typeof v === "string") return codePointLength(v);
      if (Array.isArray(v)) return v.length;
      if (kindOf(v) === "map") return keysOf(v as object).length;
      return reject("size", [v]);
    },
  ],
  [
    "string/1",
    (v) => {
      switch (kindOf(v)) {
        case "string":
          return v;
        case "bool":
          return v ? "true" : "false";
        case "int":
          return Number.isSafeInteger(v) ? String(v) : BigInt(v as number).toString();
        case "double":
          return String(v);
        default:
          return reject("string", [v]);
      }
    },
  ],
  ["type/1", (v) => typeValue(kindOf(v))],
  ["isQuantity/1", (v) => parseQuantity(typeof v === "string" ? v : reject("isQuantity", [v])) !== undefined],
  [
    "quantity/1",
    (v) => {
      const text = typeof v === "string" ? v : reject("quantity", [v]);
      const value = parseQuantity(text);
      if (value === undefined)
        throw new CelEvaluationError(`quantities must match the regular expression, got "${text}"`);
      return new Quantity(value, text);
    },
  ],
]);

/** Methods by name and arity of their arguments (`name/arity`), called with the receiver first. */
export const METHODS: ReadonlyMap<string, CelFunction> = new Map<string, CelFunction>([
  [
    "startsWith/1",
    (s, t) =>
      typeof s === "string" && typeof t === "string" ? s.startsWith(t) : reject("startsWith", [s, t]),
  ],
  [
    "endsWith/1",
    (s, t) => (typeof s === "string" && typeof t === "string" ? s.endsWith(t) : reject("endsWith", [s, t])),
  ],
  [
    "contains/1",
    (s, t) => (typeof s === "string" && typeof t === "string" ? s.includes(t) : reject("contains", [s, t])),
  ],
  [
    "matches/1",
    (s, p) =>
      typeof s === "string" && typeof p === "string" ? re2MatchesOrError(s, p) : reject("matches", [s, p]),
  ],
  ["substring/1", (s, start) => substring(s, start, undefined)],
  ["substring/2", (s, start, end) => substring(s, start, end)],
  [
    "indexOf/1",
    (s, t) => {
      if (typeof s !== "string" || typeof t !== "string") return reject("indexOf", [s, t]);
      bmpOnly("indexOf", s);
      return s.indexOf(t);
    },
  ],
  [
    "split/1",
    (s, sep) => {
      if (typeof s !== "string" || typeof sep !== "string") return reject("split", [s, sep]);
      if (sep === "") bmpOnly("split", s);
      return s.split(sep);
    },
  ],
  ["join/0", (list) => joinList(list, "")],
  ["join/1", (list, sep) => joinList(list, typeof sep === "string" ? sep : reject("join", [list, sep]))],
  ["compareTo/1", (a, b) => compareQuantities(a, b, "compareTo")],
  ["isGreaterThan/1", (a, b) => compareQuantities(a, b, "isGreaterThan") > 0],
  ["isLessThan/1", (a, b) => compareQuantities(a, b, "isLessThan") < 0],
]);

function substring(s: unknown, start: unknown, end: unknown): string {
  const args = end === undefined ? [s, start] : [s, start, end];
  if (typeof s !== "string" || kindOf(start) !== "int" || (end !== undefined && kindOf(end) !== "int"))
    return reject("substring", args);
  bmpOnly("substring", s);
  const [from, to] = [start as number, end === undefined ? s.length : (end as number)];
  if (from < 0 || from > s.length)
    throw new CelEvaluationError("string.substring(start, end): start index out of range");
  if (to < from || to > s.length)
    throw new CelEvaluationError("string.substring(start, end): end index out of range");
  return s.substring(from, to);
}

function joinList(list: unknown, sep: string): string {
  if (kindOf(list) !== "list") return reject("join", [list, sep]);
  const items = list as unknown[];
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = elementOf(items, i);
    if (typeof item !== "string")
      throw new CelEvaluationError("string.join(separator): list must contain only strings");
    parts[i] = item;
  }
  return parts.join(sep);
}
