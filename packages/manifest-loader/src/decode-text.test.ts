import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText } from "./decode-text.js";
import { parseManifests } from "./parse-manifests.js";

/** Bytes that start no UTF-8 sequence wherever they stand. */
const NEVER_UTF8 = fc.constantFrom(0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff);
/** Text without a byte order mark at its start (decodeText drops one). */
const text = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.startsWith("\uFEFF"));
const RUNS = { numRuns: Number(process.env["RUNS"] ?? 300) };

describe("decodeText", () => {
  it("decodes UTF-8 as TextDecoder does, with no invalid bytes", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeText(Buffer.from(s, "utf8"))).toEqual({ text: s, invalid: [] });
      }),
      RUNS,
    );
  });

  it("replaces each byte that is not UTF-8 by U+FFFD and says where, leaving the text around it whole", () => {
    fc.assert(
      fc.property(text, NEVER_UTF8, text, NEVER_UTF8, text, (a, x, b, y, c) => {
        const bytes = Buffer.concat([
          Buffer.from(a),
          Buffer.from([x]),
          Buffer.from(b),
          Buffer.from([y]),
          Buffer.from(c),
        ]);
        // FF FE or FE FF at the start is a UTF-16 byte order mark: that file is refused whole (tested in parse-manifests.test.ts).
        fc.pre(!((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)));
        expect(decodeText(bytes)).toEqual({
          text: `${a}\uFFFD${b}\uFFFD${c}`,
          invalid: [
            { offset: a.length, byte: x },
            { offset: a.length + 1 + b.length, byte: y },
          ],
        });
      }),
      RUNS,
    );
  });

  it("refuses truncated, overlong and surrogate sequences, and keeps what follows them", () => {
    const cases: [number[], number][] = [
      [[0xe2, 0x82], 2], // "€" cut short: two invalid bytes
      [[0xc0, 0xaf], 2], // overlong "/"
      [[0xe0, 0x80, 0xaf], 3], // overlong "/"
      [[0xed, 0xa0, 0x80], 3], // a UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], 4], // past U+10FFFF
    ];
    for (const [sequence, count] of cases) {
      const decoded = decodeText(
        Buffer.concat([Buffer.from("a"), Buffer.from(sequence), Buffer.from("\nb")]),
      );
      expect(decoded, sequence.join(" ")).toEqual({
        text: `a${"\uFFFD".repeat(count)}\nb`,
        invalid: sequence.slice(0, count).map((byte, i) => ({ offset: 1 + i, byte })),
      });
    }
  });

  it("drops a byte order mark, also before bytes that are not UTF-8", () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff]))).toEqual({
      text: "a\uFFFD",
      invalid: [{ offset: 1, byte: 0xff }],
    });
    expect(decodeText("\uFEFFa")).toEqual({ text: "a", invalid: [] });
  });
});

describe("parseManifests with bytes that are not UTF-8 in one document", () => {
  it("refuses that document only: the others are read exactly as without the bad bytes", () => {
    const doc = (i: number, value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  v: "${value}"\n`;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.nat(), NEVER_UTF8, (count, pick, byte) => {
        const bad = pick % count;
        const clean = Array.from({ length: count }, (_, i) => doc(i, `x${i}`)).join("---\n");
        const dirty = Buffer.concat(
          Array.from({ length: count }, (_, i) => {
            const [before, after] = doc(i, "@").split("@") as [string, string];
            const middle = i === bad ? Buffer.from([byte]) : Buffer.from(`x${i}`);
            return Buffer.concat([
              Buffer.from(i === 0 ? "" : "---\n"),
              Buffer.from(before),
              middle,
              Buffer.from(after),
            ]);
          }),
        );
        const expected = parseManifests(clean, "f.yaml");
        const got = parseManifests(dirty, "f.yaml");
        expect(got.filter((item) => item.index !== bad)).toEqual(
          expected.filter((item) => item.index !== bad),
        );
        const refused = got.filter((item) => item.index === bad);
        expect(refused).toHaveLength(1);
        expect(refused[0]).toMatchObject({ type: "error", index: bad, line: 1 + bad * 7 + 5 });
        const error = refused[0];
        expect(error?.type === "error" && error.message).toContain(
          `f.yaml#${bad} (line ${1 + bad * 7 + 5}): is not UTF-8 text`,
        );
      }),
      RUNS,
    );
  });
});
