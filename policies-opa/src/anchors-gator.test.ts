import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constraintTemplateOf } from "@tollgate/compiler-rego";
import { runGatorVerify } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { gatorSuites } from "./anchor-suites.test-helpers.js";
import { OPA_RULES } from "./index.js";

describe("anchor conformance with the real gator: the suite's own constraints and cases against our template", () => {
  for (const s of gatorSuites())
    for (const engine of ["rego", "cel"] as const)
      it(`${s.id}: gator verify passes all ${s.cases.length} cases with the template's ${engine === "rego" ? "Rego" : "CEL"}`, async () => {
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
          const report = await runGatorVerify(work, engine);
          expect(report.ok, report.output.slice(-3000)).toBe(true);
          expect(report.passedCases).toBe(s.cases.length);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      });
});
