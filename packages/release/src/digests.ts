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
 * JSON with keys sorted at every level, two-space indented, ending in a newline: the same value
 * always gives the same bytes.
 *
 * @param value - the value
 * @returns canonical JSON text
 */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.keys(v as Record<string, unknown>).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
