import fc from "fast-check";

/** Strange characters: emoji, right-to-left overrides, NUL, lone surrogates, zero-width and combining marks, BOM. */
export const STRANGE_CHARACTERS = [
  "🚀",
  "👩‍👩‍👧",
  "\u202E",
  "\u200F",
  "\u0000",
  "\uD800",
  "\uDFFF",
  "\u200B",
  "\uFEFF",
  "e\u0301",
  "\u0007",
  "\n",
  "\t",
  "\r\n",
  "ﷺ",
  "𝕏",
  "İ",
  "ß",
] as const;

/** Strings that look like something else: paths, templates, injections, wildcards. */
const TRICKY_STRINGS = [
  "",
  " ",
  "*",
  "..",
  "../../etc/passwd",
  "${HOME}",
  "{{ .Values.image }}",
  "'; DROP TABLE pods; --",
  "true",
  "null",
  "0x1F",
  "1e3",
  "-1",
  "registry.aibos.internal/../evil",
  "nginx:latest@sha256:",
  "a/b:c@d",
  "\\\\server\\share",
  "%2e%2e%2f",
] as const;

/**
 * A string of up to about 100 KB: one short piece repeated.
 *
 * @returns an arbitrary of huge strings
 */
export function hugeStringArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof(fc.constantFrom("a", "x-", "🚀", "\u0000", "é"), fc.string({ minLength: 1, maxLength: 6 })),
      fc.integer({ min: 1_000, max: 100_000 }),
    )
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
}

/**
 * A string with strange characters (emoji, RTL, NUL, lone surrogates) or a tricky value.
 *
 * @returns an arbitrary of strange strings
 */
export function strangeStringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .array(fc.oneof(fc.constantFrom(...STRANGE_CHARACTERS), fc.constantFrom("a", "nginx", "-", ".")), {
        minLength: 1,
        maxLength: 8,
      })
      .map((parts) => parts.join("")),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.string({ unit: "binary", maxLength: 16 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
  );
}

/**
 * Numbers the API would reject where an integer is expected: negative, fractional, beyond 2^53, huge, tiny.
 *
 * @returns an arbitrary of numbers (always finite, never -0)
 */
export function hostileNumberArbitrary(): fc.Arbitrary<number> {
  return fc.constantFrom(
    -1,
    -2147483649,
    1.5,
    0.1,
    2 ** 53 + 2,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    5e-324,
    65536,
    4294967296,
  );
}

/**
 * Values of another type than the one given: a string for a boolean, a string for a number,
 * an object for a list, a list for an object, and so on.
 *
 * @param current - the value at the place (undefined when the place is empty)
 * @returns ill-typed values for the place (fresh objects on each call)
 */
export function wrongTypeValues(current: unknown): unknown[] {
  if (typeof current === "boolean")
    return [String(current), current ? 1 : 0, "yes", "False", [current], { value: current }];
  if (typeof current === "number")
    return [String(current), `${current}m`, current !== 0, [current], { value: current }];
  if (typeof current === "string") return [0, 1, true, false, [current], { value: current }, current.length];
  if (Array.isArray(current)) return [{}, { "0": "x" }, "a,b", 1, true, [[null]]];
  if (typeof current === "object" && current !== null) return [[], ["x"], "x", 0, true];
  return ["true", "1", 1, [], {}, "x"];
}

/**
 * A nested value of depth 20 to 200 (objects and lists alternating or not), built without recursion.
 *
 * @returns an arbitrary of deeply nested values
 */
export function deepNestingArbitrary(): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.integer({ min: 20, max: 200 }),
      fc.constantFrom("objects", "lists", "mixed"),
      fc.constantFrom("a", "spec", "__proto__"),
    )
    .map(([depth, shape, key]) => {
      let value: unknown = "bottom";
      for (let i = 0; i < depth; i++) {
        const list = shape === "lists" || (shape === "mixed" && i % 2 === 1);
        if (list) value = [value];
        else {
          const o: Record<string, unknown> = {};
          Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
          value = o;
        }
      }
      return value;
    });
}

/**
 * An object whose own keys are `__proto__`, `constructor` or `prototype`, made with
 * `JSON.parse` (as a parsed manifest would be), carrying a `polluted` marker.
 *
 * @returns an arbitrary of prototype-pollution payloads
 */
export function prototypeKeysArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .constantFrom(
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}',
      '{"__proto__":[],"constructor":"x","prototype":null}',
    )
    .map((json) => JSON.parse(json) as Record<string, unknown>);
}

/**
 * A list of 1,000 to 5,000 small elements.
 *
 * @returns an arbitrary of huge lists
 */
export function hugeArrayArbitrary(): fc.Arbitrary<unknown[]> {
  return fc
    .tuple(fc.integer({ min: 1_000, max: 5_000 }), fc.constantFrom<unknown>("x", 1, null, {}, "ALL"))
    .map(([n, item]) =>
      Array.from({ length: n }, () => (typeof item === "object" && item !== null ? {} : item)),
    );
}
