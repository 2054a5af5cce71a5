import fc from "fast-check";

/**
 * The Kubernetes quantity syntax (`resource.Quantity`): a signed decimal number and an optional
 * binary-SI (`Ki`…`Ei`), decimal-SI (`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`) or exponent (`e3`) suffix.
 */
export const KUBERNETES_QUANTITY_PATTERN =
  /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** The resources a quantity is generated for. */
export type QuantityResource = "cpu" | "memory" | "ephemeral-storage";

/** A quantity as written, with its value in base units (cores or bytes) for comparisons. */
export interface QuantityValue {
  /** The quantity as written (`500m`, `1Gi`). */
  readonly text: string;
  /** Its value in base units. */
  readonly amount: number;
}

const KIB = 1024;
const BINARY: readonly (readonly [string, number])[] = [
  ["Ki", KIB],
  ["Mi", KIB ** 2],
  ["Gi", KIB ** 3],
  ["Ti", KIB ** 4],
];
const DECIMAL: readonly (readonly [string, number])[] = [
  ["k", 1e3],
  ["M", 1e6],
  ["G", 1e9],
];

function cpuQuantity(): fc.Arbitrary<QuantityValue> {
  return fc.oneof(
    {
      arbitrary: fc.integer({ min: 1, max: 16000 }).map((m) => ({ text: `${m}m`, amount: m / 1000 })),
      weight: 4,
    },
    { arbitrary: fc.integer({ min: 1, max: 64 }).map((n) => ({ text: `${n}`, amount: n })), weight: 3 },
    // Decimal cores: 0.1 … 9.9.
    {
      arbitrary: fc
        .integer({ min: 1, max: 99 })
        .map((tenths) => ({ text: `${Math.floor(tenths / 10)}.${tenths % 10}`, amount: tenths / 10 })),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom<QuantityValue>(
        { text: "0", amount: 0 },
        { text: "0.25", amount: 0.25 },
        { text: "1500m", amount: 1.5 },
      ),
      weight: 1,
    },
  );
}

function byteQuantity(maxBinaryUnit: number): fc.Arbitrary<QuantityValue> {
  const binary = fc
    .tuple(fc.integer({ min: 1, max: 1024 }), fc.constantFrom(...BINARY.slice(0, maxBinaryUnit)))
    .map(([n, [suffix, unit]]) => ({ text: `${n}${suffix}`, amount: n * unit }));
  const decimal = fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom(...DECIMAL))
    .map(([n, [suffix, unit]]) => ({ text: `${n}${suffix}`, amount: n * unit }));
  const exponent = fc
    .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 3, max: 9 }))
    .map(([n, e]) => ({ text: `${n}e${e}`, amount: n * 10 ** e }));
  const plain = fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ({ text: `${n}`, amount: n }));
  return fc.oneof(
    { arbitrary: binary, weight: 5 },
    { arbitrary: decimal, weight: 2 },
    { arbitrary: exponent, weight: 1 },
    { arbitrary: plain, weight: 1 },
  );
}

/**
 * A quantity with its value, for generating requests no larger than limits.
 *
 * @param resource - which resource (CPU quantities are cores; memory and storage are bytes)
 * @returns an arbitrary of quantities
 */
export function quantityValueArbitrary(resource: QuantityResource): fc.Arbitrary<QuantityValue> {
  return resource === "cpu" ? cpuQuantity() : byteQuantity(resource === "memory" ? 3 : 4);
}

/**
 * A valid, non-negative quantity for a resource: `500m`, `2`, `0.5` for CPU; `100Mi`, `1Gi`,
 * `512M`, `1e9` for memory and storage.
 *
 * @param resource - which resource; CPU when not given
 * @returns an arbitrary of quantity strings
 */
export function quantityArbitrary(resource: QuantityResource = "cpu"): fc.Arbitrary<string> {
  return quantityValueArbitrary(resource).map((q) => q.text);
}
