import { describe, expect, it } from "vitest";
import { ansiPainter } from "./ansi.js";
import { canonicalJson, sortKeys } from "./digests.js";
import { formatGateBoard } from "./gate-board.js";

describe("canonical JSON", () => {
  it("sorts the keys of every object at every level, keeps array order, and ends in a newline", () => {
    const value = { b: 1, a: [{ z: 1, y: "<&>" }, null, 2.5], c: { "10": 4, "9": 5, B: 2, a: 3 } };
    expect(JSON.stringify(sortKeys(value))).toBe(
      '{"a":[{"y":"<&>","z":1},null,2.5],"b":1,"c":{"9":5,"10":4,"B":2,"a":3}}',
    );
    expect(canonicalJson(value)).toBe(`${JSON.stringify(sortKeys(value), null, 2)}\n`);
    expect(canonicalJson({ y: 1, x: 2 })).toBe(canonicalJson({ x: 2, y: 1 }));
    expect([null, 3, "s", true, []].map((v) => canonicalJson(v))).toEqual([
      "null\n",
      "3\n",
      '"s"\n',
      "true\n",
      "[]\n",
    ]);
  });
});

describe("colour", () => {
  it("wraps text in an SGR code and a reset, or leaves it as it is", () => {
    expect(ansiPainter(true)("31", "FAIL")).toBe("\u001b[31mFAIL\u001b[0m");
    expect(ansiPainter(false)("31", "FAIL")).toBe("FAIL");
    expect(ansiPainter(undefined)("31", "FAIL")).toBe("FAIL");
  });

  it("colours the gate board only when asked", () => {
    const steps = [
      { name: "build", ok: true, figure: "12 rules" },
      { name: "verify", ok: false, figure: "1 failed" },
    ];
    expect(formatGateBoard(steps, false)).toBe(
      [
        "",
        "tollgate release: gate board",
        "  ✔ build         12 rules",
        "  ✘ verify        1 failed",
        "",
        "RELEASE REFUSED",
        "",
      ].join("\n"),
    );
    expect(formatGateBoard(steps, true)).toBe(
      [
        "",
        "tollgate release: gate board",
        "  \u001b[32m✔\u001b[0m build         12 rules",
        "  \u001b[31m✘\u001b[0m verify        1 failed",
        "",
        "\u001b[31mRELEASE REFUSED\u001b[0m",
        "",
      ].join("\n"),
    );
  });
});
