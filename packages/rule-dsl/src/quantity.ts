/**
 * Kubernetes quantities (`500m`, `1Gi`, `2`, `1e3`), with one grammar and one table of
 * multipliers that the oracle, the Rego prelude and the CEL engine adapter all use.
 *
 * Values are counted in nano-units (`1` is 10^9, `500m` is 5·10^8) and computed as
 * `digits × multiplier ÷ 10^fraction-length`, so every realistic quantity is an integer that
 * every engine's number type (float64 in JavaScript and wasm, big floats in Go) holds exactly,
 * and comparisons agree across engines.
 */

/**
 * The grammar of a quantity: an optionally signed decimal number and an optional suffix
 * (binary `Ki`…`Ei`, decimal `n u m k M G T P E`, or a decimal exponent `e3`, `E-2`), as
 * Kubernetes' own parser reads it: the digits on either side of the point may be missing (`.5`,
 * `5.`, even `.` and a bare `Mi` are zero), but the whole string may not be empty. Written in the
 * regex subset RE2, Rego and JavaScript agree on. Groups: 1 sign, 2 integer digits, 3 fraction
 * digits, 4 suffix.
 */
export const QUANTITY_PATTERN =
  "^([+-]?)([0-9]*)(?:\\.([0-9]*))?([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$";

/** The exponents a decimal-exponent suffix may carry; beyond them a value is not a quantity here. */
export const QUANTITY_EXPONENT_RANGE = { min: -9, max: 18 } as const;

/** The most fraction digits a quantity may have here. */
export const QUANTITY_MAX_FRACTION_DIGITS = 18;

/** The value of each suffix, in nano-units. */
export const QUANTITY_MULTIPLIERS: Readonly<Record<string, number>> = {
  n: 1,
  u: 1e3,
  m: 1e6,
  "": 1e9,
  k: 1e12,
  M: 1e15,
  G: 1e18,
  T: 1e21,
  P: 1e24,
  E: 1e27,
  Ki: 2 ** 10 * 1e9,
  Mi: 2 ** 20 * 1e9,
  Gi: 2 ** 30 * 1e9,
  Ti: 2 ** 40 * 1e9,
  Pi: 2 ** 50 * 1e9,
  Ei: 2 ** 60 * 1e9,
};

/** Powers of ten from 10^0 to 10^27, for exponent suffixes and fraction digits. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 28 }, (_, i) => Number(`1e${i}`));

const pattern = new RegExp(QUANTITY_PATTERN);

/**
 * The multiplier of a suffix in nano-units, including decimal exponents within
 * {@link QUANTITY_EXPONENT_RANGE}.
 *
 * @param suffix - the suffix (`Mi`, `m`, `e3`, or "")
 * @returns the multiplier, or undefined when the suffix is not one
 */
export function quantityMultiplier(suffix: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(QUANTITY_MULTIPLIERS, suffix)) return QUANTITY_MULTIPLIERS[suffix];
  if (!/^[eE][+-]?[0-9]+$/.test(suffix)) return undefined;
  const exponent = Number(suffix.slice(1));
  if (exponent < QUANTITY_EXPONENT_RANGE.min || exponent > QUANTITY_EXPONENT_RANGE.max) return undefined;
  return POWERS_OF_TEN[exponent + 9];
}

/**
 * The value of a quantity in nano-units: a number `n` is `n × 10^9`, a string is parsed by
 * {@link QUANTITY_PATTERN}.
 *
 * @example
 * ```ts
 * parseQuantity("500m"); // 500000000
 * parseQuantity("1Gi"); // 1073741824000000000
 * parseQuantity("1.5.0"); // undefined
 * ```
 *
 * @param value - a quantity as found in a manifest
 * @returns its value, or undefined when it is not a quantity
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1e9 : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  const m = pattern.exec(value);
  if (!m) return undefined;
  const fraction = m[3] ?? "";
  const multiplier = quantityMultiplier(m[4] ?? "");
  if (multiplier === undefined || fraction.length > QUANTITY_MAX_FRACTION_DIGITS) return undefined;
  const magnitude =
    (Number(`0${m[2] ?? ""}${fraction}`) * multiplier) / (POWERS_OF_TEN[fraction.length] ?? 1);
  return m[1] === "-" ? -magnitude : magnitude;
}
