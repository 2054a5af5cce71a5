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
      Object.defineProperty(out, k, { value: normalizeObject(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return null;
}
