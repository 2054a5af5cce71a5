import fc from "fast-check";
import { ABSENT, type Absent } from "./optional.js";
import { defineOwn } from "./json-paths.js";

/**
 * The arbitraries of an object's fields, checked against the object's type: each key must be a
 * field of `T`, and each arbitrary may also yield `null` or {@link ABSENT}.
 */
export type FieldArbitraries<T> = {
  readonly [K in keyof T]?: fc.Arbitrary<T[K] | null | Absent>;
};

/**
 * An object built from one arbitrary per field; a field whose arbitrary yields {@link ABSENT}
 * is left out. The result is a plain object (ordinary prototype, keys in the order given).
 *
 * @param fields - one arbitrary per field
 * @returns an arbitrary of the object
 */
export function objectOf<T>(fields: FieldArbitraries<T>): fc.Arbitrary<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  const arbs = keys.map((k) => fields[k] as fc.Arbitrary<unknown>);
  return fc.tuple(...arbs).map((values) => {
    const out: Record<string, unknown> = {};
    values.forEach((v, i) => {
      if (v !== ABSENT && v !== undefined) defineOwn(out, keys[i] as string, v);
    });
    return out as T;
  });
}

/** Bounds of a generated map or list. */
export interface SizeBounds {
  /** The fewest entries. */
  readonly minLength?: number;
  /** The most entries. */
  readonly maxLength?: number;
}

/**
 * A string-keyed map (labels, annotations, node selectors) with distinct keys, as a plain object.
 *
 * @param key - the arbitrary of a key
 * @param value - the arbitrary of a value
 * @param bounds - how many entries
 * @returns an arbitrary of the map
 */
export function mapOf<V>(
  key: fc.Arbitrary<string>,
  value: fc.Arbitrary<V>,
  bounds: SizeBounds = {},
): fc.Arbitrary<Record<string, V>> {
  return fc
    .uniqueArray(fc.tuple(key, value), {
      selector: ([k]) => k,
      minLength: bounds.minLength ?? 0,
      maxLength: bounds.maxLength ?? 4,
    })
    .map((entries) => {
      const out: Record<string, V> = {};
      for (const [k, v] of entries) defineOwn(out, k, v);
      return out;
    });
}
