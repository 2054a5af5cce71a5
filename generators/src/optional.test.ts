import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ABSENT, optional, optionalList, optionalObject } from "./optional.js";
import { objectOf } from "./records.js";

function state(v: unknown): string {
  if (v === ABSENT) return "absent";
  if (v === null) return "null";
  if (Array.isArray(v) && v.length === 0) return "empty";
  if (typeof v === "object" && Object.keys(v).length === 0) return "empty";
  return "value";
}

describe("optional", () => {
  it("yields absent, null, empty and a value over a sample", () => {
    const objects = fc.sample(optionalObject(fc.constant({ a: 1 })), { numRuns: 200, seed: 1 });
    expect(new Set(objects.map(state))).toEqual(new Set(["absent", "null", "empty", "value"]));
    const lists = fc.sample(optionalList(fc.constant([1])), { numRuns: 200, seed: 2 });
    expect(new Set(lists.map(state))).toEqual(new Set(["absent", "null", "empty", "value"]));
  });

  it("has three states without an empty value, and follows the weights", () => {
    const values = fc.sample(optional(fc.boolean()), { numRuns: 200, seed: 3 });
    expect(new Set(values.map((v) => (typeof v === "boolean" ? "value" : state(v))))).toEqual(
      new Set(["absent", "null", "value"]),
    );
    const onlyNull = fc.sample(optional(fc.boolean(), { weights: { absent: 0, value: 0, null: 1 } }), {
      numRuns: 20,
      seed: 4,
    });
    expect(onlyNull.every((v) => v === null)).toBe(true);
  });

  it("gives each empty value its own object", () => {
    const empties = fc.sample(
      optional<{ x?: number }>(fc.constant({ x: 1 }), {
        empty: {},
        weights: { absent: 0, null: 0, value: 0, empty: 1 },
      }),
      { numRuns: 3, seed: 5 },
    );
    expect(empties[0]).toEqual({});
    expect(empties[0]).not.toBe(empties[1]);
  });
});

describe("objectOf", () => {
  it("leaves out absent fields and keeps null and empty ones", () => {
    const objects = fc.sample(
      objectOf<{ a?: boolean; b?: number[] }>({
        a: optional(fc.boolean()),
        b: optionalList(fc.constant([1])),
      }),
      { numRuns: 300, seed: 6 },
    );
    const fieldState = (o: Record<string, unknown>, key: string) =>
      key in o ? (typeof o[key] === "boolean" ? "value" : state(o[key])) : "absent";
    const shapes = new Set(objects.map((o) => `${fieldState(o, "a")}/${fieldState(o, "b")}`));
    // Every combination of the two fields' states appears.
    expect(shapes.size).toBe(3 * 4);
    for (const o of objects) {
      expect(Object.values(o)).not.toContain(undefined);
      expect(Object.values(o)).not.toContain(ABSENT);
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    }
  });
});
