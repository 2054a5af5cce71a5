import { CelEvaluationError, CelUnmodelledError } from "./errors.js";

/**
 * CEL values as this evaluator holds them, read straight from parsed JSON or YAML without a copy:
 * `null`, booleans, strings; a JavaScript number is a CEL `int` when it is integral and a
 * `double` otherwise (as a JSON number becomes in Kubernetes); an array is a list; a plain object
 * (prototype `Object.prototype` or `null`) is a map whose entries are its own enumerable keys
 * (`__proto__` and `constructor` are ordinary keys). In a map an `undefined`, function or symbol
 * value counts as absent and in a list as `null`; a non-finite number is `null`.
 */
export type CelKind =
  "null" | "bool" | "int" | "double" | "string" | "list" | "map" | "quantity" | "type" | "optional";

/** A Kubernetes quantity, as `quantity("1Gi")` yields it. */
export class Quantity {
  /**
   * @param value - its value in nano-units, as `parseQuantity` gives it
   * @param text - the quantity as written
   */
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/** A CEL type value, as `type(x)` yields it and as the names `map`, `list`, … denote. */
export class CelType {
  /** @param name - the type's name */
  constructor(readonly name: CelKind) {}
}

/** An optional value (`x.?f`, `m[?k]`): present with a value, or {@link NONE}. */
export class Optional {
  /** @param value - the value; `undefined` for none */
  constructor(readonly value: unknown) {}
}

/** The empty optional. */
export const NONE = new Optional(undefined);

const TYPES = new Map<CelKind, CelType>();

/**
 * The type value of a kind, one object per kind.
 *
 * @param kind - the kind
 * @returns its type value
 */
export function typeValue(kind: CelKind): CelType {
  let t = TYPES.get(kind);
  if (t === undefined) {
    t = new CelType(kind);
    TYPES.set(kind, t);
  }
  return t;
}

/**
 * The CEL kind of a value.
 *
 * @param v - a value
 * @returns its kind
 * @throws CelUnmodelledError for a value this evaluator does not model (a `Map`, a class instance, a bigint)
 */
export function kindOf(v: unknown): CelKind {
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isFinite(v) ? (Number.isInteger(v) ? "int" : "double") : "null";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) return "list";
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) return "map";
      if (v instanceof Quantity) return "quantity";
      if (v instanceof CelType) return "type";
      if (v instanceof Optional) return "optional";
      throw new CelUnmodelledError(`a value of class ${String((v as object).constructor?.name)}`);
    }
    default:
      throw new CelUnmodelledError(`a value of type ${typeof v}`);
  }
}

/**
 * A value read from data as CEL sees it: a non-finite number is `null`; `undefined`, a function
 * or a symbol is `undefined` (absent).
 *
 * @param v - the raw value
 * @returns the CEL value, or `undefined` when absent
 */
export function fromData(v: unknown): unknown {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? v : null;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "bigint":
      throw new CelUnmodelledError("a bigint value");
    default:
      return v;
  }
}

/**
 * A map's entry, or `undefined` when it has none.
 *
 * @param map - a map (a plain object)
 * @param key - the key
 * @returns the value
 */
export function entryOf(map: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(map, key)
    ? fromData((map as Record<string, unknown>)[key])
    : undefined;
}

/**
 * A map's keys, as CEL iterates them (own enumerable keys whose value is present).
 *
 * @param map - a map
 * @returns its keys
 */
export function keysOf(map: object): string[] {
  const keys = Object.keys(map);
  const record = map as Record<string, unknown>;
  for (const k of keys)
    if (fromData(record[k]) === undefined) return keys.filter((key) => fromData(record[key]) !== undefined);
  return keys;
}

/**
 * A list's element as CEL sees it (`null` for a value that is not data).
 *
 * @param list - the list
 * @param i - the index
 * @returns the element
 */
export function elementOf(list: readonly unknown[], i: number): unknown {
  return fromData(list[i]) ?? null;
}

/**
 * CEL equality (`==`), heterogeneous: values of different kinds are unequal, an int equals a
 * double of the same value, lists and maps compare element by element.
 *
 * @param a - a value
 * @param b - a value
 * @returns whether they are equal
 */
export function celEquals(a: unknown, b: unknown): boolean {
  // cel-js compares two quantities or optionals as unequal even when they are one object (as a
  // remembered subexpression gives them): not modelled.
  if (a instanceof Quantity || a instanceof Optional || b instanceof Quantity || b instanceof Optional)
    throw new CelUnmodelledError("== of a quantity or an optional");
  if (a === b) return true;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "list" && kb === "list") {
    const la = a as unknown[];
    const lb = b as unknown[];
    if (la.length !== lb.length) return false;
    for (let i = 0; i < la.length; i++) if (!celEquals(elementOf(la, i), elementOf(lb, i))) return false;
    return true;
  }
  if (ka === "map" && kb === "map") {
    const keys = keysOf(a as object);
    if (keys.length !== keysOf(b as object).length) return false;
    for (const k of keys) {
      const other = entryOf(b as object, k);
      if (other === undefined || !celEquals(entryOf(a as object, k), other)) return false;
    }
    return true;
  }
  if (ka === "quantity" || kb === "quantity" || ka === "optional" || kb === "optional")
    throw new CelUnmodelledError(`${ka} == ${kb}`);
  // Distinct primitives, or an int and a double (compared by value above when identical).
  return false;
}

/**
 * CEL ordering (`<` and the like) of two values: numbers with numbers (an int with a double
 * too), strings with strings, bools with bools; anything else has no overload.
 *
 * @param a - the left value
 * @param b - the right value
 * @param op - the operator, for the error
 * @returns negative, zero or positive
 */
export function celCompare(a: unknown, b: unknown, op: string): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  const numeric = (ka === "int" || ka === "double") && (kb === "int" || kb === "double");
  if (numeric || (ka === kb && (ka === "string" || ka === "bool"))) {
    const x = a as number | string | boolean;
    const y = b as number | string | boolean;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (
    ka === "quantity" ||
    kb === "quantity" ||
    ka === "optional" ||
    kb === "optional" ||
    ka === "type" ||
    kb === "type"
  )
    throw new CelUnmodelledError(`${ka} ${op} ${kb}`);
  throw new CelEvaluationError(`no such overload: ${ka} ${op} ${kb}`);
}

/**
 * The number of Unicode code points of a string (CEL's `size` of a string).
 *
 * @param s - the string
 * @returns its size
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/**
 * Whether a string holds a UTF-16 surrogate (a character outside the Basic Multilingual Plane),
 * where code units and code points differ.
 *
 * @param s - the string
 * @returns whether it has one
 */
export function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}
