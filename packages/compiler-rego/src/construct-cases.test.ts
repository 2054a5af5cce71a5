import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IR_CONSTRUCT_CASES, constructCaseRule } from "@tollgate/rule-dsl";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlePackageOf, compileRuleModule } from "./rego-module.js";

const cases = IR_CONSTRUCT_CASES.map((c, i) => ({ c, ...constructCaseRule(c, i) }));

describe("the IR's table of meanings, compiled to Rego and evaluated by the real opa eval", () => {
  const work = mkdtempSync(join(tmpdir(), "tollgate-constructs-"));
  let verdicts: string[] = [];

  beforeAll(async () => {
    const parameters: Record<string, unknown> = {};
    cases.forEach(({ rule }, i) => {
      writeFileSync(join(work, `rule-${i}.rego`), compileRuleModule(rule, "bundle"));
      parameters[rule.meta.id] = Object.fromEntries(
        Object.entries(rule.params).map(([k, p]) => [k, p.default]),
      );
    });
    writeFileSync(join(work, "data.json"), JSON.stringify({ tollgate: { parameters } }));
    // One opa process for the whole table: each case's object becomes the AdmissionReview in turn.
    writeFileSync(
      join(work, "table.rego"),
      `package table\n\nverdicts := [v |\n  some item in input.items\n  review := {"request": {"operation": "CREATE", "object": item.object}}\n  applies := data.tollgate.rules[item.package].applies with input as review\n  violations := data.tollgate.rules[item.package].violation with input as review\n  v := verdict(applies, count(violations))\n]\n\nverdict(false, _) := "skip"\n\nverdict(true, 0) := "pass"\n\nverdict(true, n) := "fail" if n > 0\n`,
    );
    const input = {
      items: cases.map(({ rule }) => ({
        package: bundlePackageOf(rule).replace(/^tollgate\.rules\./, ""),
        object: rule.examples.denied[0]!.object,
      })),
    };
    writeFileSync(join(work, "input.json"), JSON.stringify(input));
    const opa = await requireTool("opa");
    const r = await runCommand(opa, [
      "eval",
      "-f",
      "json",
      "-d",
      work,
      "-i",
      join(work, "input.json"),
      "data.table.verdicts",
    ]);
    expect(r.code, `${r.stderr}${r.stdout.slice(0, 2000)}`).toBe(0);
    const out = JSON.parse(r.stdout) as { result: { expressions: { value: string[] }[] }[] };
    verdicts = out.result[0]?.expressions[0]?.value ?? [];
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("gives a verdict for every case", () => {
    expect(verdicts).toHaveLength(cases.length);
  });
  cases.forEach(({ c, verdict }, i) => {
    it(c.name, () => {
      expect(verdicts[i]).toBe(verdict);
    });
  });
});
