import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatingPolicyOf } from "@tollgate/compiler-cel";
import { runKyvernoTest } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { anchorSuites } from "./anchor-suites.test-helpers.js";
import { KYVERNO_RULES } from "./index.js";

// The ValidatingPolicy suites run against our policy with the real kyverno CLI. A suite that
// also tests a helper policy of its own (not in shared/) keeps only the rows of our policy.
const suites = anchorSuites().filter((s) =>
  s.test.results.some((r) => r.policy === s.id && r.isValidatingPolicy),
);

/** YAML as the generated files are written: no folding, no anchors, quoted where a YAML 1.1 reader would differ. */
const dump = (v: unknown): string =>
  stringify(v, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });

describe("anchor conformance with the real kyverno CLI: the anchor's kyverno-test.yaml against our ValidatingPolicy", () => {
  for (const s of suites) {
    it(`${s.id}: every row of ${s.suite} reads Ok`, async () => {
      const rule = KYVERNO_RULES.find((r) => r.meta.id === s.id)!;
      const work = mkdtempSync(join(tmpdir(), `tollgate-anchor-${s.id}-`));
      try {
        const suite = join(work, "policy", ".kyverno-test");
        cpSync(s.dir, suite, { recursive: true });
        const rows = s.test.results.filter((r) => r.policy === s.id);
        const test = { ...s.test, policies: [`../${s.id}.yaml`], results: rows };
        writeFileSync(join(suite, "kyverno-test.yaml"), dump(test));
        const policy = dump(validatingPolicyOf(rule, {}, { docsBaseUrl: "docs/rules/", version: "0.1.0" }));
        writeFileSync(join(work, "policy", `${s.id}.yaml`), policy);
        const report = await runKyvernoTest(suite);
        expect(report.notOk, report.output.slice(-3000)).toEqual([]);
        expect(report.allOk).toBe(true);
        expect(report.rows.length).toBe(rows.reduce((n, r) => n + r.resources.length, 0));
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
