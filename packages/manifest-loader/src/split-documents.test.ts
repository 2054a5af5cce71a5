import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { splitDocuments } from "./split-documents.js";

const spans = (text: string): [string, number, boolean][] =>
  splitDocuments(text).map((s) => [text.slice(s.start, s.end), s.line, s.empty]);

describe("splitDocuments", () => {
  it("cuts at --- lines, keeping leading comments and directives with the document after them", () => {
    expect(spans("# head\n%YAML 1.2\n---\na: 1\n--- # two\nb: 2\n")).toEqual([
      ["# head\n%YAML 1.2\n---\na: 1\n", 1, false],
      ["--- # two\nb: 2\n", 5, false],
    ]);
  });

  it("counts empty documents as yaml does, and ends documents after ... lines", () => {
    expect(spans("---\n---\n# c\n---\na: 1\n...\n# trailing\n")).toEqual([
      ["---\n", 1, true],
      ["---\n# c\n", 2, true],
      ["---\na: 1\n...\n", 4, false],
    ]);
    expect(spans("")).toEqual([]);
    expect(spans("# only\n")).toEqual([]);
    expect(spans("a: 1")).toEqual([["a: 1", 1, false]]);
  });

  it("does not cut at ---text, indented ---, or --- inside a line", () => {
    expect(spans("a: |\n  ---\nb: ---x\n---x: 1\n")).toHaveLength(1);
  });

  it("agrees with the yaml library on the documents of any stream of these lines", () => {
    const line = fc.constantFrom(
      "---",
      "--- # c",
      "--- a",
      "...",
      "# comment",
      "%YAML 1.2",
      "",
      "a: 1",
      "- x",
      "  b: 2",
      "c",
      "'q",
      "r'",
      "--- |",
      "  text",
      "... # c",
      "--- >",
      "k: |",
      '"m',
      'x"',
      "%TAG ! tag:e.com,2000:",
      "--- [a,",
      "b]",
      "? k",
      ": v",
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
        const text = lines.join(eol);
        const whole = parseAllDocuments(text);
        const pieces = splitDocuments(text);
        if (whole.some((d) => d.errors.length > 0)) return; // the split may differ from yaml's only around errors
        expect(pieces.length).toBe(whole.length);
        pieces.forEach((piece, i) => {
          const alone = parseAllDocuments(text.slice(piece.start, piece.end));
          expect(alone.map((d) => d.toJS())).toEqual([whole[i]?.toJS()]);
        });
      }),
      { numRuns: Number(process.env["RUNS"] ?? 300) /* RUNS=20000 for a deeper search */ },
    );
  });
});
