import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkedWriter, JsonArrayStream } from "./json-array-stream.js";

describe("JsonArrayStream", () => {
  it("writes exactly the bytes of JSON.stringify(doc, null, 2) plus a newline, wherever the array sits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.jsonValue(),
        fc.integer({ min: 0, max: 2 }),
        (items, other, depth) => {
          const place = (a: unknown) =>
            depth === 0
              ? { results: a, other }
              : depth === 1
                ? { head: other, results: a, tail: [other] }
                : { runs: [{ tool: other, results: a, invocations: [{ other }] }] };
          const parts: string[] = [];
          const stream = new JsonArrayStream(
            (t) => parts.push(typeof t === "string" ? t : Buffer.from(t).toString("utf8")),
            place,
          );
          stream.start();
          for (const item of items) stream.add(item);
          stream.end();
          expect(parts.join("")).toBe(`${JSON.stringify(place(items), null, 2)}\n`);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("refuses a skeleton without the placeholder", () => {
    expect(
      () =>
        new JsonArrayStream(
          () => undefined,
          () => ({ results: [] }),
        ),
    ).toThrow(/placeholder exactly once/);
  });

  it("hands text on as UTF-8 in large chunks, and the rest on flush", () => {
    const chunks: string[] = [];
    const out = chunkedWriter((c) => chunks.push(Buffer.from(c).toString("utf8")), 30);
    out.write("12345");
    out.write("678é");
    expect(chunks).toEqual([]);
    // A write that may not fit sends what was collected; one larger than a chunk goes on its own.
    out.write("x".repeat(20));
    expect(chunks).toEqual(["12345678é", "x".repeat(20)]);
    out.write("y");
    out.flush();
    out.flush();
    expect(chunks).toEqual(["12345678é", "x".repeat(20), "y"]);
  });
});
