import { describe, expect, it } from "vitest";
import { defineRule, eq, exists, forEachContainer, matches, msg, not, read, violation } from "./dsl.js";
import { POD_CONTROLLER_KINDS } from "./kinds.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const meta = {
  id: "test-rule",
  title: "Test",
  category: "Other" as const,
  severity: "low" as const,
  gate: 5 as const,
  subject: "Pod",
  description: "d",
  remediation: "r",
};

describe("defineRule", () => {
  it("builds reads with explicit defaults and a field path for each container", () => {
    const rule = defineRule({
      examples: TEST_EXAMPLES,
      meta,
      violations: () =>
        forEachContainer((c) =>
          violation({
            when: eq(read(c.securityContext.privileged, false), true),
            field: c.securityContext.privileged,
            message: msg`container ${c.name} is privileged`,
          }),
        ),
    });
    expect(rule.match.kinds).toBe(POD_CONTROLLER_KINDS);
    const v = rule.violations[0]!;
    expect(v.each[0]?.source).toEqual({
      kind: "containers",
      lists: ["containers", "initContainers", "ephemeralContainers"],
    });
    expect(v.when).toEqual({
      op: "cmp",
      cmp: "eq",
      left: {
        op: "get",
        base: { op: "var", name: "c1" },
        path: ["securityContext", "privileged"],
        default: false,
      },
      right: { op: "lit", value: true },
    });
    expect(v.field).toEqual({
      op: "concat",
      parts: [
        { op: "pathOf", name: "c1" },
        { op: "lit", value: ".securityContext.privileged" },
      ],
    });
  });

  it("rejects a misspelt field and a default of the wrong type at compile time", () => {
    defineRule({
      examples: TEST_EXAMPLES,
      meta,
      violations: ({ pod }) => [
        violation({
          // @ts-expect-error: hostNetwrk is not a field of V1PodSpec
          when: exists(pod.hostNetwrk),
          field: pod.hostNetwork,
          message: msg`x`,
        }),
        violation({
          // @ts-expect-error: hostNetwork is a boolean, not a string
          when: not(eq(read(pod.hostNetwork, "no"), true)),
          field: pod.hostNetwork,
          message: msg`x`,
        }),
      ],
    });
    expect(true).toBe(true);
  });

  it("refuses a regular expression that is not RE2 syntax, naming what and where", () => {
    expect(() => matches("x" as never, "(a)\\1")).toThrow(
      'invalid regular expression "(a)\\\\1": invalid escape sequence: \\1 (at offset 3)',
    );
    expect(() => matches("x" as never, "a(?=b)")).toThrow(
      /invalid or unsupported Perl syntax: \(\?= \(at offset 1\)/,
    );
    expect(() => matches("x" as never, "\\Z")).toThrow(/invalid escape sequence/);
    // RE2's own syntax is accepted: flags, POSIX classes, repetition counts, \x{…}, \Q…\E.
    for (const ok of ["(?i)^team", "^[[:alpha:]]+$", "^[a-z]{1,63}$", "\\x{41}", "\\Qa.b\\E"])
      expect(() => matches("x" as never, ok)).not.toThrow();
    expect(() => matches("x" as never, "^[a-z]+$")).not.toThrow();
  });

  it("refuses a rule without violations", () => {
    expect(() =>
      defineRule({
        examples: TEST_EXAMPLES,
        meta,
        violations: () => [],
      }),
    ).toThrow(/no violations/);
  });
});
