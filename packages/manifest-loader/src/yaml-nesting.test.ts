import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Lexer, stringify } from "yaml";
import { YamlNestingGauge } from "./yaml-nesting.js";

/** The deepest nesting the gauge sees in a text. */
function gaugedDepth(text: string): number {
  const gauge = new YamlNestingGauge(Infinity);
  let deepest = 0;
  for (const lexeme of new Lexer().lex(text)) {
    gauge.push(lexeme);
    deepest = Math.max(deepest, gauge.depth);
  }
  return deepest;
}

/** How deep a value nests: a scalar 0, a mapping or list 1 more than its deepest value. */
function dataDepth(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(dataDepth));
}

describe("YamlNestingGauge", () => {
  it("measures block and flow nesting as the data nests", () => {
    const cases: [string, number][] = [
      ["a: 1\n", 1],
      ["a:\n  b:\n    c: 1\nd: 2\n", 3],
      ["a:\n- x\n- y: 1\n  z: [1, {q: r}]\nb: c\n", 5],
      ["- - - x\n", 3],
      ["- a: 1\n  b:\n  - c\n", 3],
      ["? k\n: v\n", 1],
      ["a: |\n  [[[[\n  - - -\nb: '[[[['\nc: \"{{\" # [[[\n", 1],
      ["key: value[0]\n", 1],
      ["a: &x {b: 1}\nc: *x\n", 2],
      ["plain", 0],
    ];
    for (const [text, depth] of cases) expect([text, gaugedDepth(text)]).toEqual([text, depth]);
  });

  it("stops at the limit", () => {
    const gauge = new YamlNestingGauge(3);
    let offset: number | undefined;
    for (const lexeme of new Lexer().lex("a: [[[[1]]]]")) {
      const at = gauge.offset;
      if (!gauge.push(lexeme)) {
        offset = at;
        break;
      }
    }
    expect([offset, gauge.depth]).toEqual([5, 4]); // the mapping and three brackets: the third `[` is one too many
  });

  it("agrees with the depth of any data the yaml library writes, in block or flow style", () => {
    const data = fc.jsonValue({ maxDepth: 6 });
    fc.assert(
      fc.property(data, fc.boolean(), (value, flow) => {
        const text = stringify(value, flow ? { collectionStyle: "flow" } : {});
        expect(gaugedDepth(text)).toBe(dataDepth(value));
      }),
      { numRuns: Number(process.env["RUNS"] ?? 300) /* RUNS=20000 for a deeper search */ },
    );
  });
});
