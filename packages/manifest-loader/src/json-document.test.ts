import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ManifestItem } from "./manifest-item.js";
import { parseJsonDocument } from "./json-document.js";
import { resolveLimits } from "./load-options.js";
import { parseManifests } from "./parse-manifests.js";

const LIMITS = { maxDepth: 20 };

/** What the loader made of a document, with the line shifted (a leading comment moves it). */
function view(items: ManifestItem[], lineShift = 0): unknown[] {
  return items.map((i) =>
    i.type === "document"
      ? { object: i.object, line: i.line - lineShift, index: i.index }
      : {
          error: i.message.replace(/\(line (\d+)\)/, (_, n: string) => `(line ${Number(n) - lineShift})`),
          index: i.index,
        },
  );
}

/** The same document read through the JSON path and (behind a comment, which JSON lacks) through the YAML path. */
function bothPaths(json: string): [unknown[], unknown[]] {
  const yaml = view(parseManifests(`---\n# read as YAML\n${json}\n`, "a.yaml", LIMITS), 1);
  // With and without a marker, and a marker on the object's line.
  expect(view(parseManifests(`${json}\n`, "a.yaml", LIMITS), -1), "no marker").toEqual(yaml);
  if (!json.includes("\n"))
    expect(view(parseManifests(`--- ${json}\n`, "a.yaml", LIMITS), -1), "marker on the line").toEqual(yaml);
  return [view(parseManifests(`---\n${json}\n`, "a.yaml", LIMITS)), yaml];
}

const object = fc
  .dictionary(
    fc.oneof(
      fc.string(),
      fc.constantFrom("__proto__", "constructor", "toString", "kind", "apiVersion", "items"),
    ),
    fc.jsonValue({ maxDepth: 4 }),
    { maxKeys: 6 },
  )
  .map((o) => ({ apiVersion: "v1", kind: "Pod", ...o }));

describe("documents in JSON form", () => {
  it("give exactly the data, lines and errors of the YAML path", () => {
    fc.assert(
      fc.property(object, fc.boolean(), (o, pretty) => {
        const [json, yaml] = bothPaths(JSON.stringify(o, null, pretty ? 2 : undefined));
        expect(json).toEqual(yaml);
      }),
      { seed: 5, numRuns: 400 },
    );
  });

  it("leave to the YAML path what JSON.parse would read differently: duplicate keys, deep nesting, infinite numbers", () => {
    const cases = [
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}',
      `{"apiVersion": "v1", "kind": "Pod", "x": ${"[".repeat(25)}${"]".repeat(25)}}`,
      '{"apiVersion": "v1", "kind": "Pod", "spec": {"replicas": 1e999}}',
      '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod"},\n {"apiVersion": "v1", "kind": "Pod"}]}',
      '{"apiVersion": "v1", "kind": "Pod"} # a comment',
      "{apiVersion: v1, kind: Pod}",
    ];
    for (const text of cases) {
      const [json, yaml] = bothPaths(text);
      expect(json, text).toEqual(yaml);
    }
    // Each of these is left to the YAML path; a plain object is read as JSON.
    for (const text of cases)
      expect(parseJsonDocument(`---\n${text}`, resolveLimits(LIMITS)), text).toBeUndefined();
    expect(parseJsonDocument('---\n{"apiVersion": "v1", "kind": "Pod"}', resolveLimits(LIMITS))).toEqual({
      data: { apiVersion: "v1", kind: "Pod" },
      offset: 4,
    });
    expect(
      parseJsonDocument(
        ' \n{"apiVersion": "v1", "kind": "Pod", "a": {"b": [1, "x"]}}',
        resolveLimits(LIMITS),
      ),
    ).toEqual({ data: { apiVersion: "v1", kind: "Pod", a: { b: [1, "x"] } }, offset: 2 });
    expect(bothPaths(cases[0]!)[0]).toEqual([
      { error: expect.stringMatching(/duplicate key "name"/), index: 0 },
    ]);
    expect(bothPaths(cases[1]!)[0]).toEqual([
      { error: expect.stringMatching(/nested more than 20 levels/), index: 0 },
    ]);
    expect(bothPaths(cases[2]!)[0]).toEqual([
      { error: expect.stringMatching(/not a finite number/), index: 0 },
    ]);
  });

  it("keep __proto__ as data without polluting any prototype", () => {
    const [item] = parseManifests(
      '{"apiVersion": "v1", "kind": "Pod", "__proto__": {"polluted": 1}}',
      "a.json",
    );
    expect(item?.type).toBe("document");
    const object = (item as { object: Record<string, unknown> }).object;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.hasOwn(object, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
