import { describe, expect, it } from "vitest";
import { normalizeObject } from "./normalize.js";

describe("normalizeObject", () => {
  it("returns plain data without nulls itself, and copies anything else without its nulls", () => {
    const plain = JSON.parse('{"a": {"b": [1, "x", true]}, "__proto__": {"c": 1}}') as unknown;
    expect(normalizeObject(plain)).toBe(plain);
    const withNull = { a: { b: null, c: [1, null, 2] } };
    expect(normalizeObject(withNull)).toEqual({ a: { c: [1, 2] } });
    expect(withNull).toEqual({ a: { b: null, c: [1, null, 2] } });
  });

  it("copies null-prototype maps and sparse lists into plain data", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const sparse = [1, 2, 3];
    delete sparse[1];
    const out = normalizeObject({ bare, sparse }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out["bare"])).toBe(Object.prototype);
    expect(out).toEqual({ bare: { a: 1 }, sparse: [1, 3] });
  });
});
