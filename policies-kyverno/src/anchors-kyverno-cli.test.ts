import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { validatingPolicyOf } from "@tollgate/compiler-cel";
import { runKyvernoTest } from "@tollgate/toolchain";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { KYVERNO_ANCHORS, KYVERNO_RULES } from "./index.js";

const anchorsRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/anchors/kyverno-policies");

describe("anchor conformance with the real kyverno CLI: the anchor's kyverno-test.yaml against our ValidatingPolicy", () => {
  for (const [id, anchor] of Object.entries(KYVERNO_ANCHORS)) {
    it(`${id}: every row of ${anchor} reads Ok`, async () => {
      const rule = KYVERNO_RULES.find((r) => r.meta.id === id)!;
      const work = mkdtempSync(join(tmpdir(), `tollgate-anchor-${id}-`));
      try {
        const suite = join(work, "policy", ".kyverno-test");
        cpSync(join(anchorsRoot, anchor, ".kyverno-test"), suite, { recursive: true });
        const test = yaml.load(readFileSync(join(suite, "kyverno-test.yaml"), "utf8")) as { policies: string[] };
        const policy = yaml.dump(validatingPolicyOf(rule, {}, { docsBaseUrl: "docs/rules/", version: "0.1.0" }), { lineWidth: -1, noRefs: true });
        for (const p of test.policies) writeFileSync(resolve(suite, p), policy);
        const report = await runKyvernoTest(suite);
        expect(report.notOk, report.output.slice(-3000)).toEqual([]);
        expect(report.allOk).toBe(true);
        expect(report.rows.length).toBeGreaterThan(10);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
