import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { yamlStream, yamlText } from "./yaml-text.js";

describe("yamlText", () => {
  it("keeps key order, never folds a line, never writes an anchor, and writes multi-line strings as literal blocks", () => {
    const shared = { name: "app" };
    const long = "x".repeat(300);
    const text = yamlText({
      z: 1,
      a: [shared, shared],
      long,
      rego: "package p\n\nviolation[msg] {\n  msg := 1\n}\n",
    });
    expect(text).toBe(
      `z: 1\na:\n  - name: app\n  - name: app\nlong: ${long}\nrego: |\n  package p\n\n  violation[msg] {\n    msg := 1\n  }\n`,
    );
  });

  it("quotes what a YAML 1.1 reader (the Go engines') would read as a boolean, a number or a time", () => {
    const values = [
      "yes",
      "no",
      "on",
      "off",
      "y",
      "n",
      "Y",
      "0755",
      "1:20",
      "1_000",
      "2001-12-14",
      "",
      "5",
      "true",
    ];
    const text = yamlText(Object.fromEntries(values.map((v) => [v, v])));
    for (const v of values) expect(text).toContain(`"${v}": "${v}"\n`);
    expect(parse(text)).toEqual(Object.fromEntries(values.map((v) => [v, v])));
  });

  it("escapes control and line-break characters, the BOM and lone surrogates, and reads back the same strings", () => {
    const strange = [
      "a\u0085b",
      "a\u2028b",
      "a\u2029b",
      "\ufeffx",
      "a\u007fb",
      "a\u009fb",
      "a\r\nb",
      "a\tb",
      "\u0000",
      "\u0007",
      "\ud800",
      "x\udfff",
      " \n",
      "a\n \nb",
    ];
    const value = { strange, [strange[1]!]: 1 };
    const text = yamlText(value);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
    expect(parse(text)).toEqual(value);
    // Valid surrogate pairs and other non-ASCII text stay as they are.
    expect(yamlText({ s: "🚀 é ß" })).toBe("s: 🚀 é ß\n");
  });

  it("writes nothing for undefined, as a stream of documents for yamlStream", () => {
    expect(yamlText(undefined)).toBe("");
    const stream = yamlStream([{ a: 1 }, { b: "yes" }]);
    expect(stream).toBe('a: 1\n---\nb: "yes"\n');
    expect(parseAllDocuments(stream).map((d) => d.toJS() as unknown)).toEqual([{ a: 1 }, { b: "yes" }]);
  });
});
