import { copyJson } from "@tollgate/oracle";
import { describe, expect, it } from "vitest";
import { jsonTextOf } from "./json-text.js";

class Thing {
  a = 1;
}

describe("jsonTextOf", () => {
  const withProto = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, null]}') as unknown;
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const nullProto = Object.assign(Object.create(null) as object, { kind: "Pod" });
  const cases: [string, unknown][] = [
    [
      "a plain manifest",
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", labels: {} },
        spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 80 }] }] },
      },
    ],
    ["explicit nulls", { a: null, b: [null], c: { d: null } }],
    ["a __proto__ key from JSON", withProto],
    ["a null-prototype object", nullProto],
    [
      "undefined, functions and symbols",
      { a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, Symbol("t")] },
    ],
    ["non-finite numbers", { a: NaN, b: [Infinity, -Infinity], c: -0 }],
    ["a bigint", { a: 10n }],
    ["a Date", { a: new Date(0) }],
    ["a class instance", { a: new Thing() }],
    ["an own toJSON", { toJSON: () => "replaced", a: 1 }],
    ["a boxed string", { a: new String("x") }],
    ["a Map", { a: new Map([["k", 1]]) }],
    ["a sparse array", { a: sparse }],
    ["top-level scalars", "text"],
    ["top-level undefined", undefined],
  ];
  for (const [title, value] of cases) {
    it(`writes ${title} as JSON.stringify(copyJson(value)) does`, () => {
      expect(jsonTextOf(value)).toBe(JSON.stringify(copyJson(value)) ?? "null");
    });
  }

  it("does not let a __proto__ key reach the prototype of the parsed text", () => {
    const parsed = JSON.parse(jsonTextOf(withProto)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(parsed, "__proto__")).toBe(true);
  });
});
