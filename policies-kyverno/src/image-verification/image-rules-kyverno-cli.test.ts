import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { COMBINED_IMAGE_POLICY_ID, combinedImagePolicyOf } from "./combined-image-policy.js";
import { KYVERNO_IMAGE_RULES } from "./image-rules.js";
import {
  EXPECTED,
  NO_DIGEST,
  RULE_ORDER,
  SCAN,
  SIG,
  SLSA,
  resources,
  testParams,
} from "./image-expectations.test-helpers.js";
import {
  buildImageFixtures,
  FIXTURES,
  kyvernoApply,
  type ImageFixtures,
  type KyvernoApplyRow,
} from "./signed-images.test-helpers.js";

// The image-verification rules for real: images pushed to a local docker-registry, signed and attested with the
// real cosign, checked by the real kyverno CLI 1.19.0 (`kyverno apply --policy-report`), one
// policy per run (two ImageValidatingPolicies in one run deadlock kyverno 1.19.0, see the last test).

const dump = (v: unknown): string =>
  stringify(v, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });

let fx: ImageFixtures;
let resourceFile: string;

function writePolicy(name: string, policy: unknown): string {
  const file = join(fx.dir, `${name}.yaml`);
  writeFileSync(file, dump(policy));
  return file;
}

function byName(rows: readonly KyvernoApplyRow[]): Map<string, KyvernoApplyRow> {
  return new Map(rows.map((r) => [r.name, r]));
}

function expectVerdicts(
  rows: readonly KyvernoApplyRow[],
  ruleId: string,
  names: readonly string[],
  output: string,
): void {
  const got = byName(rows);
  expect([...got.keys()].sort(), output.slice(-2000)).toEqual([...names].sort());
  for (const name of names) {
    const row = got.get(name)!;
    const why = EXPECTED[name]![ruleId];
    if (why === undefined) {
      expect({ name, result: row.result, message: row.message }).toEqual({
        name,
        result: "pass",
        message: "success",
      });
    } else {
      expect({ name, result: row.result }).toEqual({ name, result: "fail" });
      for (const fragment of why) expect(row.message, `${ruleId} on ${name}`).toContain(fragment);
    }
  }
}

beforeAll(async () => {
  fx = await buildImageFixtures();
  resourceFile = join(fx.dir, "resources.yaml");
  writeFileSync(resourceFile, Object.values(resources(fx)).map(dump).join("---\n"));
  console.log(
    `image fixtures: ${Object.keys(FIXTURES).length} images signed and attested in ${fx.buildMs} ms`,
  );
}, 180_000);

afterAll(async () => {
  await fx?.stop();
});

describe("the image-verification rules against signed and attested images in a local registry, with the real kyverno CLI", () => {
  for (const rule of KYVERNO_IMAGE_RULES) {
    it(`${rule.id}: kyverno refuses and admits each of ${Object.keys(EXPECTED).length} resources as expected, with a message naming the reason`, async () => {
      const run = await kyvernoApply(
        [writePolicy(rule.id, rule.policyOf(testParams(fx, rule), { version: "test" }))],
        resourceFile,
      );
      console.log(`${rule.id}: kyverno apply on ${run.rows.length} resources in ${run.ms} ms`);
      expectVerdicts(run.rows, rule.id, Object.keys(EXPECTED), run.output);
      // A refusal names the failing image, not the verified one beside it in the same Pod.
      for (const name of ["mixed-containers", "unsigned-init-container"]) {
        const row = byName(run.rows).get(name)!;
        expect(row.message).toContain(fx.images["unsigned"]!);
        expect(row.message).not.toContain(fx.images["signed-attested"]!);
      }
    });
  }

  it("the doc page's denied and allowed examples are what kyverno decides (each example is a fixture)", () => {
    for (const rule of KYVERNO_IMAGE_RULES) {
      for (const e of rule.examples.denied)
        expect(EXPECTED[e.fixture]?.[rule.id], `${rule.id} denies ${e.fixture}`).toBeDefined();
      for (const e of rule.examples.allowed) {
        expect(EXPECTED[e.fixture], `${rule.id} allows ${e.fixture}`).toBeDefined();
        expect(EXPECTED[e.fixture]![rule.id], `${rule.id} allows ${e.fixture}`).toBeUndefined();
      }
    }
  });

  it(`the combined policy ${COMBINED_IMAGE_POLICY_ID} refuses exactly what one of the four rules refuses, naming the first one`, async () => {
    const params = Object.fromEntries(KYVERNO_IMAGE_RULES.map((r) => [r.id, testParams(fx, r)]));
    const run = await kyvernoApply([writePolicy("combined", combinedImagePolicyOf(params))], resourceFile);
    const got = byName(run.rows);
    expect([...got.keys()].sort(), run.output.slice(-2000)).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, expectation] of Object.entries(EXPECTED)) {
      const firstRefusal = RULE_ORDER.find((r) => expectation[r] !== undefined);
      const row = got.get(name)!;
      if (firstRefusal === undefined) {
        expect({ name, result: row.result }).toEqual({ name, result: "pass" });
      } else {
        expect({ name, result: row.result }).toEqual({ name, result: "fail" });
        const why = expectation[firstRefusal]!;
        // The digest check runs before any validation, so it carries no rule id.
        if (!why.includes(NO_DIGEST))
          expect(row.message.startsWith(`${firstRefusal}: `), `${name}: ${row.message}`).toBe(true);
        for (const fragment of why) expect(row.message).toContain(fragment);
      }
    }
  });
});

describe("parameters change the verdicts as documented", () => {
  const subset = async (
    ruleId: string,
    params: Record<string, unknown>,
    names: readonly string[],
  ): Promise<Map<string, KyvernoApplyRow>> => {
    const rule = KYVERNO_IMAGE_RULES.find((r) => r.id === ruleId)!;
    const file = join(fx.dir, `subset-${ruleId}.yaml`);
    writeFileSync(file, names.map((n) => dump(resources(fx)[n])).join("---\n"));
    const run = await kyvernoApply(
      [writePolicy(`param-${ruleId}`, rule.policyOf(testParams(fx, rule, params)))],
      file,
    );
    expect(run.rows.length, run.output.slice(-2000)).toBe(names.length);
    return byName(run.rows);
  };

  it("verify-image-signature with acceptLegacySignatures (and allowInsecureRegistry): the .sig signature passes, and so does an image with only attestations", async () => {
    const got = await subset(SIG, { acceptLegacySignatures: true, allowInsecureRegistry: true }, [
      "legacy-signature",
      "attestations-only",
      "unsigned",
      "other-key",
    ]);
    expect(got.get("legacy-signature")!.result).toBe("pass");
    // Kyverno's verifyImageSignatures counts any DSSE bundle from the key as a signature: why this is off by default.
    expect(got.get("attestations-only")!.result).toBe("pass");
    expect(got.get("unsigned")!.result).toBe("fail");
    expect(got.get("other-key")!.result).toBe("fail");
  });

  it("require-slsa-provenance with builderIdPatterns: a builder matching a pattern passes, another does not", async () => {
    const got = await subset(
      SLSA,
      { builderIds: [], builderIdPatterns: ["^https://builder\\.tollgate\\.test/.+@v[0-9]+$"] },
      ["signed-attested", "wrong-builder"],
    );
    expect(got.get("signed-attested")!.result).toBe("pass");
    expect(got.get("wrong-builder")!.result).toBe("fail");
  });

  it("require-vuln-scan-no-critical with maxScanAgeHours 960 and HIGH blocked: the 30-day-old scan passes, the HIGH finding fails", async () => {
    const got = await subset(SCAN, { maxScanAgeHours: 960, blockedSeverities: ["CRITICAL", "HIGH"] }, [
      "stale-scan",
      "high-only",
      "critical-vex-not-affected",
    ]);
    expect(got.get("stale-scan")!.result).toBe("pass");
    expect(got.get("high-only")!.result).toBe("fail");
    expect(got.get("high-only")!.message).toContain("CVE-2024-0002");
    // The VEX covers the critical finding only; its HIGH finding now blocks it.
    expect(got.get("critical-vex-not-affected")!.result).toBe("fail");
  });

  it("the shipped defaults (placeholder keyless identity, no key) refuse even a properly signed image: fail closed until configured", async () => {
    for (const rule of KYVERNO_IMAGE_RULES) {
      const file = join(fx.dir, "signed-attested-pod.yaml");
      writeFileSync(file, dump(resources(fx)["signed-attested"]));
      const run = await kyvernoApply([writePolicy(`default-${rule.id}`, rule.policyOf())], file);
      expect(run.rows.length, run.output.slice(-2000)).toBe(1);
      expect(run.rows[0]!.result, `${rule.id}: ${run.rows[0]!.message}`).not.toBe("pass");
    }
  });
});

describe("kyverno 1.19.0 limitation that shapes the deliverable", () => {
  it("two ImageValidatingPolicies on one Pod hang kyverno apply (so we ship a combined policy); one alone answers within a second or two", async () => {
    const sig = KYVERNO_IMAGE_RULES[0]!;
    const file = join(fx.dir, "one-pod.yaml");
    writeFileSync(file, dump(resources(fx)["signed-attested"]));
    const a = writePolicy("deadlock-a", sig.policyOf(testParams(fx, sig)));
    const alone = await kyvernoApply([a], file, 20_000);
    expect(alone.rows.map((r) => r.result)).toEqual(["pass"]);
    const b = writePolicy("deadlock-b", {
      ...(parse(dump(sig.policyOf(testParams(fx, sig)))) as object),
      metadata: { name: "verify-image-signature-copy", annotations: {} },
    });
    const both = await kyvernoApply([a, b], file, Math.max(5_000, alone.ms * 4));
    // If this starts failing, kyverno answers two image policies again: the combined policy is then optional.
    expect(both.signal).toBe("SIGKILL");
    expect(both.rows).toEqual([]);
  });
});
