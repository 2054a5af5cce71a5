import { createHash } from "node:crypto";

/**
 * The SHA-256 of some bytes, in hex.
 *
 * @param data - the bytes
 * @returns the digest
 */
export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A JSON value with the keys of every object, at every level, in sorted order (arrays keep
 * theirs): what canonical JSON text is written from.
 *
 * @param value - a JSON value
 * @returns the same value with sorted keys
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * JSON with keys sorted at every level, two-space indented, ending in a newline: the same value
 * always gives the same bytes.
 *
 * @param value - the value
 * @returns canonical JSON text
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
