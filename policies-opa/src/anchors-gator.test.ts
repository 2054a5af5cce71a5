import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constraintTemplateOf } from "@tollgate/compiler-rego";
import { runGatorVerify } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { gatorSuites } from "./anchor-suites.test-helpers.js";
import { OPA_RULES } from "./index.js";

describe("anchor conformance with the real gator: the suite's own constraints and cases against our template", () => {
  for (const s of gatorSuites())
    for (const engine of ["rego", "cel"] as const)
      it(`${s.id}: gator verify passes all ${s.cases.length} cases with the template's ${engine === "rego" ? "Rego" : "CEL (verdicts)"}`, async () => {
        const rule = OPA_RULES.find((r) => r.meta.id === s.id)!;
        const work = mkdtempSync(join(tmpdir(), `tollgate-gator-${s.id}-`));
        try {
          cpSync(s.dir, work, { recursive: true });
          writeFileSync(
            join(work, "template.yaml"),
            stringify(constraintTemplateOf(rule, { docsBaseUrl: "docs/rules/", version: "0.1.0" }), {
              lineWidth: 0,
              aliasDuplicateObjects: false,
              compat: "yaml-1.1",
            }),
          );
          // The CEL's messages name the rule and the fix, not the field (the Rego's do): under CEL the
          // suite's cases are held to their verdicts, and the cases that test a message text to
          // their count of violations.
          if (engine === "cel") {
            const suite = parse(readFileSync(join(work, "suite.yaml"), "utf8")) as {
              tests?: { cases?: { assertions?: Record<string, unknown>[] }[] }[];
            };
            for (const t of suite.tests ?? [])
              for (const c of t.cases ?? []) for (const a of c.assertions ?? []) delete a["message"];
            writeFileSync(join(work, "suite.yaml"), stringify(suite));
          }
          const report = await runGatorVerify(work, engine);
          expect(report.ok, report.output.slice(-3000)).toBe(true);
          expect(report.passedCases).toBe(s.cases.length);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      });
});
