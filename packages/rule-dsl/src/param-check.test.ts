import { describe, expect, it } from "vitest";
import { defineRule, msg, param, read, violation, ne } from "./dsl.js";
import { OTHER_KINDS } from "./kinds.js";
import { checkRuleParams, formatParamError } from "./param-check.js";

const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
const rule = (examplesParams?: Record<string, unknown>) =>
  defineRule({
    examples: {
      denied: [{ title: "d", object, ...(examplesParams ? { params: examplesParams as never } : {}) }],
      allowed: [{ title: "a", object }],
    },
    meta: {
      id: "test-params",
      title: "t",
      category: "Other",
      severity: "low",
      gate: 4,
      subject: "ConfigMap",
      description: "d",
      remediation: "r",
    },
    match: { kinds: [OTHER_KINDS.ConfigMap] },
    params: {
      repos: param.stringList("repositories", ["a/"]),
      limit: param.integer("a limit", 3),
      pattern: param.regex("a pattern", "^a"),
      labels: param.objectList(
        "labels",
        { key: "the key", allowedRegex: { description: "a pattern", format: "regex" } },
        [],
      ),
    },
    violations: ({ object: o }) => [
      violation({ when: ne(read(o.kind, ""), "ConfigMap"), field: o.kind, message: msg`never` }),
    ],
  });

describe("parameters are checked against the rule's schema", () => {
  const r = rule();
  const errors = (p: Record<string, unknown>) => checkRuleParams(r, p).map(formatParamError);

  it("accepts what the schema declares, and leaves out what is not given", () => {
    expect(errors({})).toEqual([]);
    expect(
      errors({
        repos: ["x/"],
        limit: 1,
        pattern: "(?i)^A",
        labels: [{ key: "owner", allowedRegex: "[[:alpha:]]" }],
      }),
    ).toEqual([]);
  });

  it("names the rule, the JSON path and what is wrong, nested items included", () => {
    expect(errors({ repos: [1, 2] })).toEqual([
      "test-params.repos[0] must be string, got integer",
      "test-params.repos[1] must be string, got integer",
    ]);
    expect(errors({ repo: [] })).toEqual([
      'test-params has no parameter "repo" (it has: repos, limit, pattern, labels)',
    ]);
    expect(errors({ limit: 1.5 })).toEqual(["test-params.limit must be integer, got number"]);
    expect(errors({ labels: [{ key: "a", allowdRegex: "x" }] })).toEqual([
      'test-params.labels[0] has no key "allowdRegex" (it has: key, allowedRegex)',
    ]);
  });

  it("reads regular expressions as RE2, naming the offset of what RE2 refuses", () => {
    expect(errors({ pattern: "a(?=b)" })).toEqual([
      "test-params.pattern is not an RE2 regular expression: invalid or unsupported Perl syntax: (?= at offset 1",
    ]);
    expect(errors({ labels: [{ key: "a", allowedRegex: "\\Z" }] })).toEqual([
      "test-params.labels[0].allowedRegex is not an RE2 regular expression: invalid escape sequence: \\Z at offset 0",
    ]);
  });

  it("refuses a rule whose example gives parameters the schema does not take, when it is defined", () => {
    expect(() => rule({ repos: "x/" })).toThrow(
      'rule test-params: example "d": test-params.repos must be array, got string',
    );
  });
});
