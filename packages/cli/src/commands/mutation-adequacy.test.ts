import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MutationReport } from "@tollgate/harness";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatMutationFailures,
  KNOWN_SURVIVORS_FILE,
  readKnownSurvivors,
  writeKnownSurvivors,
} from "./mutation-adequacy.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "tollgate-mutants-"));
  dirs.push(d);
  return d;
};

const report = (rule: string, over: Partial<MutationReport> = {}): MutationReport => ({
  rule,
  mutants: 2,
  killed: 1,
  equivalent: 0,
  known: 0,
  survivors: [],
  staleMarks: [],
  outcomes: [],
  ...over,
});

describe("known surviving mutants", () => {
  it("writes each rule's survivors beside its rule.ts, removes the file when none is left, and reads it back", () => {
    const [a, b] = [folder(), folder()];
    writeFileSync(join(b, KNOWN_SURVIVORS_FILE), '["old"]\n');
    const survivor = { id: "violations[0].when: ge → gt", operator: "comparison shifted" as const };
    const written = writeKnownSurvivors(
      new Map([
        ["rule-a", a],
        ["rule-b", b],
      ]),
      [
        report("rule-a", { outcomes: [{ ...survivor, status: "survived" }] }),
        report("rule-b", { outcomes: [{ ...survivor, status: "killed", killedBy: "example" }] }),
      ],
    );
    expect(written.sort()).toEqual([join(a, KNOWN_SURVIVORS_FILE), join(b, KNOWN_SURVIVORS_FILE)].sort());
    expect(readKnownSurvivors(a)).toEqual([survivor.id]);
    expect(existsSync(join(b, KNOWN_SURVIVORS_FILE))).toBe(false);
    expect(readKnownSurvivors(b)).toEqual([]);
  });

  it("leaves the rules of an installed library alone", () => {
    const d = join(folder(), "node_modules");
    expect(
      writeKnownSurvivors(new Map([["r", d]]), [
        report("r", { outcomes: [{ id: "x", operator: "literal changed", status: "survived" }] }),
      ]),
    ).toEqual([]);
  });

  it("refuses a record that is not a list of ids, naming the file", () => {
    const d = folder();
    writeFileSync(join(d, KNOWN_SURVIVORS_FILE), '{"a": 1}');
    expect(() => readKnownSurvivors(d)).toThrow(join(d, KNOWN_SURVIVORS_FILE));
    expect(readFileSync(join(d, KNOWN_SURVIVORS_FILE), "utf8")).toBe('{"a": 1}');
  });

  it("prints a survivor with the object that tells it apart, ready to paste, and how to mark it equivalent", () => {
    const text = formatMutationFailures([
      report("k8sallowedrepos", {
        survivors: [
          {
            id: "violations[0].when.arg.body: startsWith → contains",
            operator: "string test widened",
            status: "survived",
            witness: { list: "denied", object: { kind: "Pod", metadata: { name: "p" } } },
          },
        ],
        staleMarks: ['x: marked equivalent, but example "a" tells it apart'],
      }),
    ]);
    expect(text).toContain(
      "FAIL  k8sallowedrepos: mutant survives: violations[0].when.arg.body: startsWith → contains",
    );
    expect(text).toContain("the rule denies it); add it to examples.denied");
    expect(text).toContain('"kind": "Pod"');
    expect(text).toContain('equivalentMutants: { "violations[0].when.arg.body: startsWith → contains"');
    expect(text).toContain(
      'FAIL  k8sallowedrepos: mutant x: marked equivalent, but example "a" tells it apart',
    );
  });
});
