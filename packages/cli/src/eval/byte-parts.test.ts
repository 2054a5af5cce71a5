import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteParts, movableMemoryOf } from "./byte-parts.js";

describe("ByteParts", () => {
  it("gives the UTF-8 bytes of its pieces in order, in memory of its own", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 40 }))),
        (pieces) => {
          const parts = new ByteParts();
          for (const p of pieces) {
            if (typeof p === "string") parts.addText(p);
            else parts.add(p);
          }
          const bytes = parts.bytes();
          expect(
            Buffer.from(bytes).equals(
              Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p))),
            ),
          ).toBe(true);
          // Its own memory, which may move to another thread; a pooled Buffer's may not.
          expect(movableMemoryOf(bytes)).toBe(bytes.buffer);
          expect(movableMemoryOf(Buffer.from("x"))).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});
