import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { ManifestItem } from "./manifest-item.js";
import { parseManifests } from "./parse-manifests.js";

/** Runs per property; RUNS=20000 npx vitest run for a deeper search. */
const RUNS = { numRuns: Number(process.env["RUNS"] ?? 300) };
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** What must hold for any input: no throw, well-formed items, plain JSON data, no pollution. */
function checkItems(content: Buffer | string): void {
  const items: ManifestItem[] = parseManifests(content, "fuzz.yaml", {
    maxDocumentBytes: 4096,
    maxDepth: 20,
  });
  for (const item of items) {
    expect(item.file).toBe("fuzz.yaml");
    if (item.type === "error") {
      expect(item.message.startsWith("fuzz.yaml")).toBe(true);
      expect(item.message).not.toContain("a bug in @tollgate/manifest-loader");
    } else {
      expect(item.type).toBe("document");
      expect(Object.getPrototypeOf(item.object)).toBe(Object.prototype);
      expect(typeof item.object["apiVersion"]).toBe("string");
      expect(typeof item.object["kind"]).toBe("string");
      const json = JSON.stringify(item.object);
      expect(JSON.stringify(JSON.parse(json))).toBe(json);
    }
  }
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
}

/** Pieces of YAML syntax, to make inputs that come close to valid YAML. */
const fragment = fc.constantFrom(
  "apiVersion: v1\n",
  "kind: List\n",
  "kind: Pod\n",
  "items:\n",
  "- ",
  "  ",
  "\n",
  "---\n",
  "...\n",
  "[",
  "]",
  "{",
  "}",
  ", ",
  ": ",
  "? ",
  "&a ",
  "*a",
  "&b ",
  "*b",
  "<<: ",
  "__proto__",
  "constructor",
  "prototype",
  "polluted: yes",
  '"',
  "'",
  "# c",
  "|\n",
  ">-\n",
  "!!binary ",
  "!tag ",
  "%YAML 1.1\n",
  "9007199254740993",
  ".inf",
  "~",
  "\t",
  "\r\n",
  "\u0000",
  "\uFEFF",
  "é",
  "\u2028",
);

describe("parseManifests never throws and never pollutes, whatever the input", () => {
  it("random text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), checkItems), RUNS);
  });

  it("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkItems(Buffer.from(bytes))),
      RUNS,
    );
  });

  it("streams of YAML fragments", () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (pieces) => checkItems(pieces.join(""))),
      RUNS,
    );
  });

  it("JSON-like data written as YAML or JSON, with __proto__ keys, whole or cut", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom("__proto__", "constructor", "prototype", "kind", "items"),
    );
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    const object = fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Pod", "List"),
      items: value,
      spec: value,
    });
    fc.assert(
      fc.property(
        fc.array(object, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.nat(),
        (objects, json, cut) => {
          const text = json ? JSON.stringify(objects[0]) : objects.map((o) => stringify(o)).join("---\n");
          checkItems(text);
          checkItems(text.slice(0, cut % (text.length + 1)));
        },
      ),
      RUNS,
    );
  });
});
