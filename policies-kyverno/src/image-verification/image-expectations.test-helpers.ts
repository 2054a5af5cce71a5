import {
  GOOD_BUILDER,
  OTHER_BUILDER,
  CRITICAL_CVE,
  FIXTURES,
  type ImageFixtures,
} from "./signed-images.test-helpers.js";
import type { KyvernoImageRule } from "./kyverno-image-rule.js";

// What each image-verification rule must do with each fixture resource, wherever it runs: the
// kyverno CLI (image-rules-kyverno-cli.test.ts) and Kyverno's admission controller
// (image-rules-admission.test.ts) are held to the same expectations.

export const SIG = "verify-image-signature";
export const SBOM = "require-sbom-attestation";
export const SLSA = "require-slsa-provenance";
export const SCAN = "require-vuln-scan-no-critical";
export const RULE_ORDER = [SIG, SBOM, SLSA, SCAN];

/** Why each rule refuses: a fragment of its message. */
export const NO_SIGNATURE = "without a cosign signature from an allowed signer";
export const NO_SBOM = "without a signed CycloneDX or SPDX SBOM attestation";
export const NO_PROVENANCE = "without signed SLSA v1 provenance";
export const BAD_BUILDER = "names a builder that is not allowed";
export const NO_SCAN = "without a signed vulnerability-scan attestation";
export const STALE = "vulnerability scan is older than 168h";
export const CRITICAL = "CRITICAL findings that no signed VEX statement marks not_affected";
export const NO_DIGEST = "does not have a digest";

export type Expectation = Partial<Record<string, readonly string[]>>;
const refusedByAll = (why: readonly string[][]): Expectation =>
  Object.fromEntries(RULE_ORDER.map((r, i) => [r, why[i]!]));
const missing = { [SBOM]: [NO_SBOM], [SLSA]: [NO_PROVENANCE], [SCAN]: [NO_SCAN] };

/** Per Pod: the rules that refuse it and fragments of their messages; a rule not listed admits it. */
export const EXPECTED: Readonly<Record<string, Expectation>> = {
  "signed-attested": {},
  "signed-only": { ...missing },
  unsigned: refusedByAll([[NO_SIGNATURE], [NO_SBOM], [NO_PROVENANCE], [NO_SCAN]]),
  "other-key": refusedByAll([[NO_SIGNATURE], [NO_SBOM], [NO_PROVENANCE], [NO_SCAN]]),
  "attestations-only": { [SIG]: [NO_SIGNATURE] },
  "legacy-signature": { [SIG]: [NO_SIGNATURE], ...missing },
  "spdx-sbom": { [SLSA]: [NO_PROVENANCE], [SCAN]: [NO_SCAN] },
  "wrong-builder": { ...missing, [SLSA]: [BAD_BUILDER, OTHER_BUILDER] },
  "slsa-v02": { ...missing },
  "stale-scan": { ...missing, [SCAN]: [STALE] },
  "critical-finding": { ...missing, [SCAN]: [CRITICAL, CRITICAL_CVE] },
  "high-only": { [SBOM]: [NO_SBOM], [SLSA]: [NO_PROVENANCE] },
  "critical-vex-not-affected": { [SBOM]: [NO_SBOM], [SLSA]: [NO_PROVENANCE] },
  "critical-vex-alias": { [SBOM]: [NO_SBOM], [SLSA]: [NO_PROVENANCE] },
  "critical-vex-affected": { ...missing, [SCAN]: [CRITICAL, CRITICAL_CVE] },
  "critical-vex-other-key": { ...missing, [SCAN]: [CRITICAL, CRITICAL_CVE] },
  // Resources beyond one image per Pod.
  "tag-only": refusedByAll([[NO_DIGEST], [NO_DIGEST], [NO_DIGEST], [NO_DIGEST]]),
  "mixed-containers": refusedByAll([[NO_SIGNATURE], [NO_SBOM], [NO_PROVENANCE], [NO_SCAN]]),
  "unsigned-init-container": refusedByAll([[NO_SIGNATURE], [NO_SBOM], [NO_PROVENANCE], [NO_SCAN]]),
  "deployment-signed-attested": {},
  "cronjob-unsigned": refusedByAll([[NO_SIGNATURE], [NO_SBOM], [NO_PROVENANCE], [NO_SCAN]]),
};

export function pod(name: string, containers: string[], initContainers: string[] = []): unknown {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: {
      containers: containers.map((image, i) => ({ name: `c${i}`, image })),
      ...(initContainers.length
        ? { initContainers: initContainers.map((image, i) => ({ name: `i${i}`, image })) }
        : {}),
    },
  };
}

export function resources(f: ImageFixtures): Record<string, unknown> {
  const template = (image: string): unknown => ({
    metadata: { labels: { app: "x" } },
    spec: { containers: [{ name: "c", image }] },
  });
  return {
    ...Object.fromEntries(Object.keys(FIXTURES).map((name) => [name, pod(name, [f.images[name]!])])),
    "tag-only": pod("tag-only", [f.tags["signed-attested"]!]),
    "mixed-containers": pod("mixed-containers", [f.images["signed-attested"]!, f.images["unsigned"]!]),
    "unsigned-init-container": pod(
      "unsigned-init-container",
      [f.images["signed-attested"]!],
      [f.images["unsigned"]!],
    ),
    "deployment-signed-attested": {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "deployment-signed-attested", namespace: "default" },
      spec: { selector: { matchLabels: { app: "x" } }, template: template(f.images["signed-attested"]!) },
    },
    "cronjob-unsigned": {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "cronjob-unsigned", namespace: "default" },
      spec: {
        schedule: "0 * * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: "Never", containers: [{ name: "c", image: f.images["unsigned"]! }] },
            },
          },
        },
      },
    },
  };
}

/** Parameters of a rule for the fixtures: the fixtures' signer, and for provenance the good builder. */
export function testParams(
  fx: ImageFixtures,
  rule: KyvernoImageRule,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    publicKeys: [fx.allowedPublicKey],
    keylessIdentities: [],
    ...(rule.id === SLSA ? { builderIds: [GOOD_BUILDER] } : {}),
    ...extra,
  };
}
