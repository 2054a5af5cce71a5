import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defineRule,
  matches,
  msg,
  OTHER_KINDS,
  re2Matches,
  re2SyntaxError,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";
import { requireTool, runCommand } from "@tollgate/toolchain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMapTestMeta, everyEngine } from "./differential.test-helpers.js";

/*
 * Every Tollgate engine reads regular expressions as RE2 (Go's regexp), the reading of OPA,
 * Gatekeeper, Kyverno and Kubernetes CEL (cel-go's `matches` is Go's regexp too). Random RE2
 * patterns (classes, POSIX classes, Unicode classes, repetition counts, anchors, flags, groups,
 * and constructs RE2 refuses) and random strings go through `opa eval` (`regex.is_valid`,
 * `regex.match`), and through ours: the syntax check rules and parameters are loaded with, and a
 * rule that matches a ConfigMap's `data.s` against its `data.p` in every engine.
 */

const ATOMS = [
  "a",
  "b",
  "A",
  "é",
  "Ω",
  "1",
  "-",
  "_",
  " ",
  "\\.",
  ".",
  "\\d",
  "\\D",
  "\\w",
  "\\W",
  "\\s",
  "[a-c]",
  "[^ab]",
  "[[:alpha:]]",
  "[[:digit:]]",
  "[[:^space:]]",
  "\\pL",
  "\\p{Greek}",
  "\\PN",
  "\\x{41}",
  "\\x61",
  "\\Qa.b\\E",
  "\\b",
  "[é-ω]",
  "\\n",
];
const QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "{2,}?"];
const FLAGS = ["", "", "(?i)", "(?s)", "(?m)", "(?U)", "(?i:b)", "(?-i)"];
/** Constructs RE2 refuses, or reads where other engines differ. */
const ODD = [
  "(?=a)",
  "(?!a)",
  "(?<=a)",
  "\\1",
  "\\Z",
  "a{1001}",
  "[z-a]",
  "(",
  ")",
  "*a",
  "(?P<n>a)",
  "(?<n>a)",
  "\\C",
  "[[:word:]]",
  "x**",
  "\\8",
];

const piece = fc
  .tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS))
  .map(([a, q]) => (a === "\\b" ? a : a + q));
const sequence = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(""));
const grouped = fc.oneof(
  sequence,
  fc.tuple(sequence, sequence).map(([a, b]) => `${a}|${b}`),
  fc
    .tuple(sequence, fc.constantFrom("(", "(?:"), fc.constantFrom(...QUANTIFIERS))
    .map(([s, g, q]) => `${g}${s})${q}`),
);
const pattern = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...FLAGS), fc.boolean(), grouped, fc.boolean())
      .map(([f, start, body, end]) => `${f}${start ? "^" : ""}${body}${end ? "$" : ""}`),
  },
  { weight: 1, arbitrary: fc.tuple(grouped, fc.constantFrom(...ODD)).map(([s, odd]) => s + odd) },
);
const text = fc
  .array(fc.constantFrom("a", "b", "A", "B", "1", "-", "_", " ", ".", "é", "É", "Ω", "ω", "😀", "\n", "x"), {
    maxLength: 8,
  })
  .map((c) => c.join(""));

const PAIRS: readonly [string, string][] = fc.sample(fc.tuple(pattern, text), {
  numRuns: 400,
  seed: 21_2026,
});

const POLICY = `package re2

import rego.v1

result(p) := {"valid": true, "match": regex.match(p[0], p[1])} if regex.is_valid(p[0])

result(p) := {"valid": false} if not regex.is_valid(p[0])

results := [result(p) | some p in input.pairs]
`;

const regexFromObject = defineRule({
  examples: {
    denied: [
      {
        title: "d",
        object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d" }, data: { s: "a", p: "a" } },
      },
    ],
    allowed: [
      {
        title: "a",
        object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { s: "b", p: "a" } },
      },
    ],
  },
  meta: configMapTestMeta("test-regex-from-object"),
  match: { kinds: [OTHER_KINDS.ConfigMap] },
  violations: ({ object }) => {
    const data = typed<{ data?: { s?: string; p?: string } }>(object).data;
    return [
      violation({ when: matches(read(data.s, ""), read(data.p, "")), field: data.s, message: msg`matches` }),
    ];
  },
});

describe("regular expressions are RE2 in every engine: random patterns and strings against opa eval", () => {
  let opa: { valid: boolean; match?: boolean }[];
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-re2-"));
    writeFileSync(join(dir, "policy.rego"), POLICY);
    writeFileSync(join(dir, "input.json"), JSON.stringify({ pairs: PAIRS }));
    const r = await runCommand(await requireTool("opa"), [
      "eval",
      "--format",
      "json",
      "-d",
      join(dir, "policy.rego"),
      "-i",
      join(dir, "input.json"),
      "data.re2.results",
    ]);
    if (r.code !== 0) throw new Error(`opa eval: ${r.stderr}`);
    opa = (JSON.parse(r.stdout) as { result: { expressions: { value: typeof opa }[] }[] }).result[0]!
      .expressions[0]!.value;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the samples reach valid and refused patterns, matches and misses", () => {
    expect(opa).toHaveLength(PAIRS.length);
    const outcomes = new Set(opa.map((o) => (o.valid ? String(o.match) : "invalid")));
    expect(outcomes).toEqual(new Set(["true", "false", "invalid"]));
  });

  it("refuses exactly the patterns Go's regexp refuses", () => {
    const differ = PAIRS.filter(([p], i) => (re2SyntaxError(p) === undefined) !== opa[i]!.valid).map(
      ([p]) => p,
    );
    expect(differ).toEqual([]);
  });

  it("every engine matches as Go's regexp does", async () => {
    const engines = await everyEngine(regexFromObject);
    const differ: string[] = [];
    for (const [i, [p, s]] of PAIRS.entries()) {
      const go = opa[i]!;
      if (!go.valid) continue;
      if (re2Matches(p, s) !== go.match)
        differ.push(`re2Matches(${JSON.stringify(p)}, ${JSON.stringify(s)})`);
      const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` }, data: { s, p } };
      for (const [name, engine] of engines) {
        const verdict = engine.evaluate(object)[0]!.verdict;
        if (verdict !== (go.match ? "fail" : "pass"))
          differ.push(
            `${name}: ${JSON.stringify(p)} on ${JSON.stringify(s)} gave ${verdict}, Go's regexp ${go.match ? "matches" : "does not"}`,
          );
      }
    }
    expect(differ).toEqual([]);
  });
});
