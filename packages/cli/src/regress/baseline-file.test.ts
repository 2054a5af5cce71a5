import { describe, expect, it } from "vitest";
import { formatBaseline, parseBaseline, type Baseline } from "./baseline-file.js";

const baseline: Baseline = {
  version: 1,
  engine: "oracle",
  inputs: ["--corpus ci"],
  rules: ["k8sdisallowedtags", "k8sallowedrepos"],
  resources: [
    {
      key: { file: "b.yaml", document: 0, apiVersion: "v1", kind: "Pod", namespace: "shop", name: "web" },
      deny: { k8sdisallowedtags: "fail 0123abcd", k8sallowedrepos: "fail 99999999" },
    },
    {
      key: {
        file: 'a "quoted" #file.yaml',
        document: 2,
        item: 1,
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace: "",
        name: "null",
      },
      deny: {},
    },
    {
      key: {
        file: 'a "quoted" #file.yaml',
        document: 10,
        apiVersion: "v1",
        kind: "Pod",
        namespace: "x",
        name: "yes",
      },
      deny: {},
    },
  ],
};

describe("the baseline file", () => {
  it("round-trips, sorted by file, document and item, with one line per denying rule", () => {
    const text = formatBaseline(baseline);
    const back = parseBaseline(text, "b.yaml");
    expect(back.rules).toEqual(["k8sallowedrepos", "k8sdisallowedtags"]);
    expect(back.resources.map((r) => `${r.key.file}#${r.key.document}`)).toEqual([
      'a "quoted" #file.yaml#2',
      'a "quoted" #file.yaml#10',
      "b.yaml#0",
    ]);
    expect(back.resources[0]!.key).toEqual(baseline.resources[1]!.key);
    expect(back.resources[2]!.deny).toEqual(baseline.resources[0]!.deny);
    // An all-digit digest stays a string, and every denial has its own line.
    expect(text).toContain(
      "\n      k8sallowedrepos: fail 99999999\n      k8sdisallowedtags: fail 0123abcd\n",
    );
    expect(formatBaseline(back)).toBe(text);
  });

  it("turns a flipped verdict into a one-line diff", () => {
    const before = formatBaseline(baseline).split("\n");
    const flipped = {
      ...baseline,
      resources: baseline.resources.map((r, i) =>
        i === 0 ? { ...r, deny: { k8sallowedrepos: "fail 99999999" } } : r,
      ),
    };
    const after = formatBaseline(flipped).split("\n");
    expect(before.length - after.length).toBe(1);
    expect(before.filter((l) => !after.includes(l))).toEqual(["      k8sdisallowedtags: fail 0123abcd"]);
  });

  it("refuses a damaged file, naming what is wrong", () => {
    const text = formatBaseline(baseline);
    expect(() => parseBaseline(text.replace("version: 1", "version: 2"), "x.yaml")).toThrow(
      /baseline x.yaml: version must be 1/,
    );
    expect(() => parseBaseline(text.replace("fail 0123abcd", "deny"), "x.yaml")).toThrow(
      /deny.k8sdisallowedtags must read "fail <8 hex digits>"/,
    );
    expect(() => parseBaseline(text + text.slice(text.indexOf("  - resource:")), "x.yaml")).toThrow(
      /resources\[3\] repeats a resource/,
    );
    expect(() => parseBaseline(text.replace(/document: 0/, "document: -1"), "x.yaml")).toThrow(
      /document must be a whole number/,
    );
    expect(() => parseBaseline("resources: [", "x.yaml")).toThrow(/not valid YAML/);
    expect(() => parseBaseline(text.replace("version: 1", "version: 1\nversion: 1"), "x.yaml")).toThrow(
      /^baseline x.yaml: not valid YAML: Map keys must be unique at line \d+, column 1$/,
    );
  });
});
