/**
 * Near misses: values just on the other side of a rule's boundary, so that both verdicts and
 * the edges between them come up.
 */

function unique<T>(values: readonly T[], exclude: T): T[] {
  return [...new Set(values)].filter((v) => v !== exclude);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/**
 * Strings close to `s` that are not `s`: other letter cases (`Latest`, `LATEST`, `all`), one
 * character more (`latest2`) or less, and the empty string.
 *
 * @param s - the literal
 * @returns its near misses
 */
export function nearMissStrings(s: string): string[] {
  return unique([capitalised(s), s.toUpperCase(), s.toLowerCase(), `${s}2`, s.slice(0, -1), ` ${s}`, ""], s);
}

/**
 * Prefixes close to `p`: for a registry prefix `registry.aibos.internal/` also
 * `registry.aibos.internal.evil.io/`, `registry.aibos.internal` (no slash, so
 * `registry.aibos.internalx/…` passes a naive test), `registry.aibos.internal-mirror/`, upper case,
 * and one character less.
 *
 * @param p - the literal prefix
 * @returns its near misses
 */
export function nearMissPrefixes(p: string): string[] {
  const stem = p.endsWith("/") ? p.slice(0, -1) : p;
  const misses = [p.toUpperCase(), capitalised(p), p.slice(0, -1), `x${p}`];
  if (p.endsWith("/"))
    misses.push(`${stem}.evil.io/`, stem, `${stem}-mirror/`, `${stem}:5000/`, `evil.io/${p}`);
  return unique(misses, p);
}

/**
 * Suffixes close to `s`: one character less at the front, upper case, an extra character after.
 *
 * @param s - the literal suffix
 * @returns its near misses
 */
export function nearMissSuffixes(s: string): string[] {
  return unique([s.slice(1), s.toUpperCase(), `${s}x`, `${s}.evil.io`], s);
}

/**
 * Substrings close to `s`: other cases and one character less at either end.
 *
 * @param s - the literal
 * @returns its near misses
 */
export function nearMissSubstrings(s: string): string[] {
  return unique([s.toUpperCase(), s.toLowerCase(), s.slice(1), s.slice(0, -1)], s);
}

/**
 * Numbers at and around `n`: `n - 1`, `n + 1`, `0` and `-1`.
 *
 * @param n - the literal
 * @returns its near misses (not `n` itself)
 */
export function nearMissNumbers(n: number): number[] {
  return unique([n - 1, n + 1, 0, -1], n).filter((v) => Number.isSafeInteger(v) || Number.isFinite(v));
}

/** Units one step finer than each quantity suffix, with the factor between them. */
const FINER_UNIT: Readonly<Record<string, readonly [string, number]>> = {
  "": ["m", 1000],
  k: ["", 1000],
  M: ["k", 1000],
  G: ["M", 1000],
  T: ["G", 1000],
  Ki: ["", 1024],
  Mi: ["Ki", 1024],
  Gi: ["Mi", 1024],
  Ti: ["Gi", 1024],
};

/** Strings that are not quantities but look like them. */
export const NOT_QUANTITIES = ["half", "1.5.0", "1Gb", "1 Gi", "", "Mi", "0x10", ".", "1e", "one"] as const;

/**
 * Quantities at and around a quantity `q`: the same value in a finer unit (`1Gi` → `1024Mi`),
 * one finer unit more and less (`1025Mi`, `1023Mi`), and the number without its unit.
 *
 * @param q - the literal quantity (`2`, `500m`, `1Gi`)
 * @returns its near misses (not `q` itself)
 */
export function nearMissQuantities(q: string): string[] {
  const m = /^([0-9]+)(?:\.([0-9]+))?(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(q);
  if (!m) return [];
  const whole = Number(m[1]);
  const fraction = m[2] ?? "";
  const suffix = m[3] ?? "";
  const misses: string[] = [`${whole + 1}${suffix}`];
  if (whole > 0) misses.push(`${whole - 1}${suffix}`);
  if (suffix !== "") misses.push(`${whole}`);
  const finer = FINER_UNIT[suffix];
  if (finer) {
    const [unit, factor] = finer;
    const scaled = Math.round((whole + (fraction ? Number(`0.${fraction}`) : 0)) * factor);
    misses.push(`${scaled}${unit}`, `${scaled + 1}${unit}`, `${Math.max(0, scaled - 1)}${unit}`);
  }
  return unique(misses, q);
}
