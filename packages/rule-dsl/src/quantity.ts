/**
 * Kubernetes quantities (`500m`, `1Gi`, `2`, `1e3`), with one grammar and one table of
 * multipliers that the oracle, the Rego prelude and the CEL engine adapter all use.
 */

/**
 * The grammar of a quantity: a signed decimal number and an optional suffix (binary `Ki`…`Ei`,
 * decimal `n u m k M G T P E`, or a decimal exponent `e3`, `E-2`). The number has digits on both
 * sides of any decimal point (`0.5`, not `.5`), so every engine's number parser reads it alike. Written in the regex subset
 * RE2, Rego and JavaScript agree on; group 1 is the number, group 2 the suffix.
 */
export const QUANTITY_PATTERN = "^\\+?(-?[0-9]+(?:\\.[0-9]+)?)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$";

/** The exponents a decimal-exponent suffix may carry; beyond them a value is not a quantity here. */
export const QUANTITY_EXPONENT_RANGE = { min: -18, max: 18 } as const;

/** The value of each suffix. */
export const QUANTITY_MULTIPLIERS: Readonly<Record<string, number>> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const pattern = new RegExp(QUANTITY_PATTERN);

/**
 * The multiplier of a suffix, including decimal exponents within {@link QUANTITY_EXPONENT_RANGE}.
 *
 * @param suffix - the suffix (`Mi`, `m`, `e3`, or "")
 * @returns the multiplier, or undefined when the suffix is not one
 */
export function quantityMultiplier(suffix: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(QUANTITY_MULTIPLIERS, suffix)) return QUANTITY_MULTIPLIERS[suffix];
  if (!/^[eE][+-]?[0-9]+$/.test(suffix)) return undefined;
  const exponent = Number(suffix.slice(1));
  if (exponent < QUANTITY_EXPONENT_RANGE.min || exponent > QUANTITY_EXPONENT_RANGE.max) return undefined;
  return Number(`1e${exponent}`);
}

/**
 * The value of a quantity: a number is itself, a string is parsed by {@link QUANTITY_PATTERN}.
 *
 * @example
 * ```ts
 * parseQuantity("500m"); // 0.5
 * parseQuantity("1Gi"); // 1073741824
 * parseQuantity("1.5.0"); // undefined
 * ```
 *
 * @param value - a quantity as found in a manifest
 * @returns its value, or undefined when it is not a quantity
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = pattern.exec(value);
  if (!m) return undefined;
  const multiplier = quantityMultiplier(m[2] ?? "");
  return multiplier === undefined ? undefined : Number(m[1]) * multiplier;
}
