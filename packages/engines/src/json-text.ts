import { copyJson } from "@tollgate/oracle";

/**
 * Whether `JSON.stringify(value)` gives the same text as `JSON.stringify(copyJson(value))`:
 * plain objects and arrays of strings, numbers, booleans and nulls (a non-finite number, and
 * `undefined`, a function or a symbol, turn out the same both ways). Anything else (a `bigint`,
 * a `Date` or other class instance, an own `toJSON`) takes the copy.
 *
 * @param value - parsed data
 * @param depth - nesting so far
 * @returns true when the value can be serialised as it is
 */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
    case "number":
    case "undefined":
    case "function":
    case "symbol":
      return true;
    case "object": {
      if (depth > 1_000) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      const record = value as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(record, "toJSON")) return false;
      for (const key of Object.keys(record)) if (!isPlainJson(record[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The JSON text of parsed data as `JSON.stringify(copyJson(value))` gives it, without copying
 * the data when it is plain JSON already.
 *
 * @param value - parsed data
 * @returns JSON text
 */
export function jsonTextOf(value: unknown): string {
  return JSON.stringify(isPlainJson(value) ? value : copyJson(value)) ?? "null";
}
