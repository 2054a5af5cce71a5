import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runGatorVerify, runKyvernoTest } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { REPO_PROJECT } from "../repository-project.test-helpers.js";

const LIBRARIES = REPO_PROJECT.libraries;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("the generated test suites pass with the real tools", () => {
  for (const lib of LIBRARIES) {
    const examples = lib.rules.flatMap((r) => [...r.examples.denied, ...r.examples.allowed]);
    it(`kyverno test on ${lib.dir}/generated: every row Ok, one per example with default parameters`, async () => {
      const report = await runKyvernoTest(join(repoRoot, lib.dir, "generated"));
      expect(report.notOk, report.output.slice(-3000)).toEqual([]);
      expect(report.allOk).toBe(true);
      expect(report.rows.length).toBe(examples.filter((e) => !e.params).length);
    });
    it(`gator verify on ${lib.dir}/generated: every example passes against our templates`, async () => {
      const report = await runGatorVerify(join(repoRoot, lib.dir, "generated", "..."));
      expect(report.ok, report.output.slice(-3000)).toBe(true);
      expect(report.passedCases).toBe(examples.length);
    });
  }
});
