import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runGatorVerify, runKyvernoTest } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { REPO_PROJECT } from "../repository-project.test-helpers.js";

const LIBRARIES = REPO_PROJECT.libraries;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("the generated test suites pass with the real tools", () => {
  for (const lib of LIBRARIES) {
    const examples = lib.rules.flatMap((r) => [...r.examples.denied, ...r.examples.allowed]);
    it(`kyverno test on ${lib.dir}/generated: every row Ok, one per example with default parameters for each of the ValidatingPolicy and the ClusterPolicy`, async () => {
      const report = await runKyvernoTest(join(repoRoot, lib.dir, "generated"));
      expect(report.notOk, report.output.slice(-3000)).toEqual([]);
      expect(report.allOk).toBe(true);
      expect(report.rows.length).toBe(2 * examples.filter((e) => !e.params).length);
    });
    for (const engine of ["rego", "cel"] as const)
      it(`gator verify on ${lib.dir}/generated with the templates' ${engine === "rego" ? "Rego" : "CEL (K8sNativeValidation)"}: every example passes`, async () => {
        const report = await runGatorVerify(join(repoRoot, lib.dir, "generated", "..."), engine);
        expect(report.ok, report.output.slice(-3000)).toBe(true);
        expect(report.passedCases).toBe(examples.length);
      });
  }

  it("gator runs the engine asked for: a template whose CEL is broken fails with CEL on and passes with Rego", async () => {
    const work = mkdtempSync(join(tmpdir(), "tollgate-gator-engines-"));
    try {
      const suite = join(repoRoot, "policies-opa/generated/k8sdisallowedtags/gatekeeper");
      cpSync(suite, work, { recursive: true });
      const template = parse(readFileSync(join(work, "template.yaml"), "utf8")) as {
        spec: {
          targets: { code: { engine: string; source: { validations?: { expression: string }[] } }[] }[];
        };
      };
      const cel = template.spec.targets[0]!.code.find((c) => c.engine === "K8sNativeValidation")!;
      for (const v of cel.source.validations ?? []) v.expression = "false";
      writeFileSync(join(work, "template.yaml"), stringify(template));
      expect((await runGatorVerify(work, "rego")).ok).toBe(true);
      const withCel = await runGatorVerify(work, "cel");
      expect(withCel.ok).toBe(false);
      expect(withCel.failedCases).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
