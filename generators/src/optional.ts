import fc from "fast-check";

/**
 * The marker an {@link optional} field yields when the key is to be left out. {@link objectOf}
 * drops every key whose value is this marker, so it never reaches a generated manifest.
 */
export const ABSENT: unique symbol = Symbol("tollgate.generators.absent");

/** The type of {@link ABSENT}. */
export type Absent = typeof ABSENT;

/** A field that may be left out ({@link ABSENT}), set to `null`, set to its empty value, or set. */
export type Optional<T> = T | null | Absent;

/** How often {@link optional} yields each of its four states (relative weights, to a tenth). */
export interface OptionalWeights {
  /** The key is left out. */
  readonly absent: number;
  /** The key is present with `null` (the API server drops it when it stores the object). */
  readonly null: number;
  /** The key is present with the empty value (`{}`, `[]`, `""`), when the field has one. */
  readonly empty: number;
  /** The key is present with a generated value. */
  readonly value: number;
}

/** The default weights of {@link optional}: a value half of the time, each other state less often. */
export const DEFAULT_OPTIONAL_WEIGHTS: OptionalWeights = { absent: 3, null: 1, empty: 1, value: 5 };

/** What {@link optional} may be told besides the value arbitrary. */
export interface OptionalSettings<T> {
  /** The field's empty value (`{}` for an object, `[]` for a list); without it there are three states. */
  readonly empty?: T;
  /** Relative weights of the states. */
  readonly weights?: Partial<OptionalWeights>;
}

/**
 * A field that is absent, `null`, empty or a generated value. Use it for every optional field
 * so that policies meet all four shapes; {@link objectOf} turns {@link ABSENT} into a missing key.
 *
 * @param value - the arbitrary of the field's value
 * @param settings - the empty value (an empty object or list for structured fields) and weights
 * @returns an arbitrary of the four states
 */
export function optional<T>(
  value: fc.Arbitrary<T>,
  settings: OptionalSettings<T> = {},
): fc.Arbitrary<Optional<T>> {
  const w = { ...DEFAULT_OPTIONAL_WEIGHTS, ...settings.weights };
  // fast-check takes integer weights; tenths are kept.
  const weight = (x: number) => Math.round(Math.max(0, x) * 10);
  const states: fc.WeightedArbitrary<Optional<T>>[] = [
    { arbitrary: value, weight: weight(w.value) },
    { arbitrary: fc.constant(ABSENT), weight: weight(w.absent) },
    { arbitrary: fc.constant(null), weight: weight(w.null) },
  ];
  if ("empty" in settings && settings.empty !== undefined) {
    const empty = settings.empty;
    // A fresh copy each time, so that no two generated objects share an empty object or list.
    states.push({ arbitrary: fc.constant(null).map(() => structuredClone(empty)), weight: weight(w.empty) });
  }
  return fc.oneof(...states.filter((s) => s.weight > 0));
}

/**
 * An optional object field: absent, `null`, `{}` or a generated object.
 *
 * @param value - the arbitrary of the object
 * @param weights - relative weights of the states
 * @returns an arbitrary of the four states
 */
export function optionalObject<T extends object>(
  value: fc.Arbitrary<T>,
  weights?: Partial<OptionalWeights>,
): fc.Arbitrary<Optional<T>> {
  return optional(value, { empty: {} as T, weights });
}

/**
 * An optional list field: absent, `null`, `[]` or a generated list.
 *
 * @param value - the arbitrary of the list
 * @param weights - relative weights of the states
 * @returns an arbitrary of the four states
 */
export function optionalList<T>(
  value: fc.Arbitrary<T[]>,
  weights?: Partial<OptionalWeights>,
): fc.Arbitrary<Optional<T[]>> {
  return optional(value, { empty: [], weights });
}
