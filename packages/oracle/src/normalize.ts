import type { Json } from "@tollgate/rule-dsl";

/**
 * Drops null-valued fields, as the API server does when it stores an object, and copies the
 * object into plain data so that `__proto__` keys stay ordinary keys. A value that is already
 * plain data without nulls is returned itself, not copied: treat the result as read-only.
 *
 * @param value - a parsed manifest
 * @returns the normalised value
 */
export function normalizeObject(value: unknown): Json {
  // Most objects (parsed JSON or YAML) hold no null and nothing but plain data: they are
  // returned as they are, which saves copying every object before evaluating it.
  return isNormal(value, 0) ? (value as Json) : copyNormalized(value);
}

/** Deeper than this, the copy decides (and throws on a stack overflow as it always did). */
const MAX_CHECKED_DEPTH = 200;

/**
 * Whether a value is already what {@link normalizeObject} would make of it: strings, booleans,
 * numbers, arrays without null or holes, and plain maps without null or undefined values.
 */
function isNormal(value: unknown, depth: number): boolean {
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "number") return true;
  if (typeof value !== "object" || value === null || depth > MAX_CHECKED_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!isNormal(value[i], depth + 1)) return false;
    return true;
  }
  // Plain maps only (a null-prototype map is copied into a plain one, as before). Parsers give
  // plain data; an object with getters or non-enumerable own keys is not data the engines take.
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) return false;
    if (!isNormal((value as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

function copyNormalized(value: unknown): Json {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(copyNormalized);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      // `__proto__` is the one key whose assignment would not make an own property.
      if (k === "__proto__")
        Object.defineProperty(out, k, {
          value: copyNormalized(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[k] = copyNormalized(v);
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return null;
}

/**
 * Copies parsed data into plain JSON, keeping explicit `null`s (as an engine would receive
 * them from a file) but making `__proto__` and friends ordinary own keys and dropping anything
 * that is not JSON (functions, `undefined`, symbols, non-finite numbers).
 *
 * @param value - parsed data
 * @returns the copy
 */
export function copyJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(copyJson);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      Object.defineProperty(out, k, {
        value: copyJson(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return null;
}
