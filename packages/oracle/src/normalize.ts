import type { Json } from "@tollgate/rule-dsl";

/**
 * Drops null-valued fields, as the API server does when it stores an object, and copies the
 * object into null-prototype-free plain data so that `__proto__` keys stay ordinary keys.
 *
 * @param value - a parsed manifest
 * @returns the normalised copy
 */
export function normalizeObject(value: unknown): Json {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(normalizeObject);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      // `__proto__` is the one key whose assignment would not make an own property.
      if (k === "__proto__") Object.defineProperty(out, k, { value: normalizeObject(v), enumerable: true, writable: true, configurable: true });
      else out[k] = normalizeObject(v);
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
      Object.defineProperty(out, k, { value: copyJson(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  return null;
}
