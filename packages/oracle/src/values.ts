import { re2Matches, re2SyntaxError, type Json } from "@tollgate/rule-dsl";

/** What a read of an absent field gives (an explicit `null` is absent too). */
export const MISSING: unique symbol = Symbol("missing");

/**
 * A value, or the fallback when it is absent or null.
 *
 * @param v - the value read
 * @param fallback - the default
 * @returns the value or the default
 */
export function orDefault(v: Json | typeof MISSING, fallback: Json): Json {
  return v === MISSING || v === null ? fallback : v;
}

/**
 * Reads a path of map keys from a value: {@link MISSING} when a step is not an own key of a
 * map (lists are not indexed), or when the value found is null.
 *
 * @param base - where to start
 * @param path - the keys
 * @returns the value, or MISSING
 */
export function walk(base: Json, path: readonly (string | Json)[]): Json | typeof MISSING {
  let cur: Json = base;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur) || typeof seg !== "string")
      return MISSING;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return MISSING;
    cur = cur[seg] as Json;
  }
  return cur === null ? MISSING : cur;
}

/**
 * Whether two values are of the same JSON type (arrays apart from maps).
 *
 * @param a - a value
 * @param b - another
 * @returns true when they are
 */
export function sameType(a: Json, b: Json): boolean {
  return typeof a === typeof b && Array.isArray(a) === Array.isArray(b);
}

/**
 * The IR's equality: equal JSON text.
 *
 * @param a - a value
 * @param b - another
 * @returns true when equal
 */
export function deepEqual(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The IR's truth: only `true` is true.
 *
 * @param v - a value
 * @returns whether it is `true`
 */
export function truthy(v: Json): boolean {
  return v === true;
}

/**
 * Whether a string matches an RE2 pattern (the regular expressions of OPA, Kyverno and
 * Kubernetes CEL), anywhere in it; false when the pattern is not RE2 syntax (a literal pattern
 * or a parameter never is: both are checked before evaluation).
 *
 * @param pattern - the pattern
 * @param s - the string
 * @returns true on a match
 */
export function regexTest(pattern: string, s: string): boolean {
  return re2SyntaxError(pattern) === undefined && re2Matches(pattern, s);
}
