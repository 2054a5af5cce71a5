import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { COMBINED_IMAGE_POLICY_ID, combinedImagePolicyOf } from "./combined-image-policy.js";
import { PLACEHOLDER_KEYLESS_IDENTITY } from "./image-policy-frame.js";
import { IMAGE_RULES_OTHER_ENGINES, imageRuleArtifacts } from "./image-rule-artifacts.js";
import { KYVERNO_IMAGE_RULES } from "./image-rules.js";
import { FIXTURES } from "./signed-images.test-helpers.js";

const KEY =
  "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvdrbp8jC9viBwahnYzt1kcsL+BXi\nnQeifPfrFXMeIetJ8Jdf00TDc//GNq5obviri2VDxWN2+VsFuteTPm8Syw==\n-----END PUBLIC KEY-----\n";
const yamlText = (v: unknown): string =>
  stringify(v, { lineWidth: 0, aliasDuplicateObjects: false, compat: "yaml-1.1" });
const rule = (id: string) => KYVERNO_IMAGE_RULES.find((r) => r.id === id)!;

describe("the image-verification rules as typed ImageValidatingPolicy definitions", () => {
  it("are the four image-verification rules with their gates, in order", () => {
    expect(KYVERNO_IMAGE_RULES.map((r) => [r.id, r.gate])).toEqual([
      ["verify-image-signature", 3],
      ["require-sbom-attestation", 2],
      ["require-slsa-provenance", 1],
      ["require-vuln-scan-no-critical", 2],
    ]);
  });

  for (const r of KYVERNO_IMAGE_RULES) {
    it(`${r.id}: the default policy fails closed, checks every image by digest, and trusts only the placeholder identity`, () => {
      const p = r.policyOf();
      expect(p.apiVersion).toBe("policies.kyverno.io/v1");
      expect(p.kind).toBe("ImageValidatingPolicy");
      expect(p.metadata.name).toBe(r.id);
      expect(p.metadata.annotations["tollgate.dev/gate"]).toBe(String(r.gate));
      expect(p.spec.validationActions).toEqual(["Deny"]);
      expect(p.spec.failurePolicy).toBe("Fail");
      expect(p.spec.validationConfigurations).toEqual({
        mutateDigest: true,
        verifyDigest: true,
        required: true,
      });
      expect(p.spec.matchImageReferences).toEqual([{ glob: "*" }]);
      expect(p.spec.credentials).toBeUndefined();
      expect(p.spec.matchConstraints.resourceRules.flatMap((x) => x.resources)).toEqual([
        "pods",
        "deployments",
        "statefulsets",
        "daemonsets",
        "replicasets",
        "jobs",
        "cronjobs",
      ]);
      expect(p.spec.attestors).toEqual([
        {
          name: "keyless",
          cosign: {
            keyless: { identities: [PLACEHOLDER_KEYLESS_IDENTITY] },
            ctlog: { url: "https://rekor.sigstore.dev" },
          },
        },
      ]);
      expect(p.spec.validations.length).toBeGreaterThan(0);
      for (const v of p.spec.validations) {
        expect(v.expression.startsWith("variables.allImages.all(image, ")).toBe(true);
        expect(v.expression).toContain("[attestors.keyless]");
      }
      expect(p.spec.variables[0]!.expression).toContain("images.?initContainers");
      expect(p.spec.variables[0]!.expression).toContain("images.?ephemeralContainers");
    });
  }

  it("a public key becomes an attestor checked without a transparency log, unless requireTlogForKeys", () => {
    const offline = rule("verify-image-signature").policyOf({ publicKeys: [KEY], keylessIdentities: [] });
    expect(offline.spec.attestors).toEqual([
      { name: "key0", cosign: { key: { data: KEY }, ctlog: { insecureIgnoreTlog: true } } },
    ]);
    expect(offline.spec.validations[0]!.expression).toContain(
      "verifyAttestationSignatures(image, attestations.cosignSignature, [attestors.key0]) > 0",
    );
    const logged = rule("verify-image-signature").policyOf({
      publicKeys: [KEY],
      requireTlogForKeys: true,
      rekorUrl: "https://rekor.internal",
    });
    expect(logged.spec.attestors.map((a) => [a.name, a.cosign.ctlog])).toEqual([
      ["key0", { url: "https://rekor.internal" }],
      ["keyless", { url: "https://rekor.internal" }],
    ]);
    expect(logged.spec.validations[0]!.expression).toContain("[attestors.key0, attestors.keyless]");
  });

  it("verify-image-signature requires the cosign sign/v1 predicate unless acceptLegacySignatures", () => {
    const strict = rule("verify-image-signature").policyOf({ publicKeys: [KEY] });
    expect(strict.spec.attestations).toEqual([
      { name: "cosignSignature", intoto: { type: "https://sigstore.dev/cosign/sign/v1" } },
    ]);
    expect(strict.spec.validations[0]!.expression).not.toContain("verifyImageSignatures");
    const legacy = rule("verify-image-signature").policyOf({
      publicKeys: [KEY],
      acceptLegacySignatures: true,
    });
    expect(legacy.spec.validations[0]!.expression).toContain("verifyImageSignatures(image,");
  });

  it("parameters shape the attestations and variables: SBOM formats, builders, scan age and severities", () => {
    expect(rule("require-sbom-attestation").policyOf({ formats: ["SPDX"] }).spec.attestations).toEqual([
      { name: "spdx", intoto: { type: "https://spdx.dev/Document" } },
    ]);
    const slsa = rule("require-slsa-provenance").policyOf({
      builderIds: ["https://b/1"],
      builderIdPatterns: ["^https://b/.+$"],
    });
    expect(slsa.spec.attestations).toEqual([
      { name: "provenance", intoto: { type: "https://slsa.dev/provenance/v1" } },
    ]);
    expect(slsa.spec.variables.slice(1)).toEqual([
      { name: "builderIds", expression: '["https://b/1"]' },
      { name: "builderIdPatterns", expression: '["^https://b/.+$"]' },
    ]);
    const scan = rule("require-vuln-scan-no-critical").policyOf({
      maxScanAgeHours: 24,
      blockedSeverities: ["critical", "High"],
    });
    expect(scan.spec.variables.slice(1)).toEqual([
      { name: "maxScanAge", expression: 'duration("24h")' },
      { name: "blockedSeverities", expression: '["CRITICAL", "HIGH"]' },
    ]);
    expect(scan.spec.attestations!.map((a) => a.intoto.type)).toEqual([
      "https://cosign.sigstore.dev/attestation/vuln/v1",
      "https://openvex.dev/ns",
    ]);
  });

  it("a builder id is a CEL string literal, whatever it contains", () => {
    const p = rule("require-slsa-provenance").policyOf({ builderIds: ['https://b/"quoted"\\back'] });
    expect(p.spec.variables[1]!.expression).toBe('["https://b/\\"quoted\\"\\\\back"]');
  });

  it.each([
    ["verify-image-signature", { publicKey: [KEY] }, /unknown parameter "publicKey"/],
    ["verify-image-signature", { publicKeys: KEY }, /publicKeys: expected an array/],
    [
      "verify-image-signature",
      { publicKeys: ["ssh-ed25519 AAAA"] },
      /publicKeys\[0\] is not a PEM public key/,
    ],
    [
      "verify-image-signature",
      {
        publicKeys: [
          "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
        ],
      },
      /not a PEM public key/,
    ],
    ["verify-image-signature", { publicKeys: [], keylessIdentities: [] }, /no signer configured/],
    [
      "verify-image-signature",
      { keylessIdentities: [{ issuer: "https://i" }] },
      /exactly one of subject and subjectRegExp/,
    ],
    [
      "verify-image-signature",
      { keylessIdentities: [{ issuer: "https://i", subject: "s", email: "x" }] },
      /unknown field "email"/,
    ],
    ["verify-image-signature", { imageReferences: [] }, /imageReferences is empty/],
    ["verify-image-signature", { acceptLegacySignatures: "yes" }, /expected a boolean/],
    ["require-sbom-attestation", { formats: ["SWID"] }, /formats must be a non-empty list/],
    ["require-slsa-provenance", { builderIds: [], builderIdPatterns: [] }, /no allowed builder/],
    ["require-vuln-scan-no-critical", { maxScanAgeHours: 0 }, /maxScanAgeHours must be positive/],
    ["require-vuln-scan-no-critical", { maxScanAgeHours: 1.5 }, /expected an integer/],
  ])("%s refuses parameters %j", (id, params, message) => {
    expect(() => rule(id).policyOf(params)).toThrow(message);
  });

  it("every doc example names a fixture the kyverno CLI test builds", () => {
    for (const r of KYVERNO_IMAGE_RULES) {
      expect(r.examples.denied.length).toBeGreaterThan(0);
      expect(r.examples.allowed.length).toBeGreaterThan(0);
      for (const e of [...r.examples.denied, ...r.examples.allowed])
        expect(Object.keys(FIXTURES), `${r.id}: ${e.fixture}`).toContain(e.fixture);
    }
  });
});

describe(`the combined policy ${COMBINED_IMAGE_POLICY_ID}`, () => {
  it("carries every rule's checks in rule order, with attestors per rule and messages naming the rule", () => {
    const p = combinedImagePolicyOf({
      "verify-image-signature": { publicKeys: [KEY], keylessIdentities: [] },
    });
    expect(p.metadata.name).toBe(COMBINED_IMAGE_POLICY_ID);
    expect(p.metadata.annotations["tollgate.dev/gate"]).toBe("1,2,3");
    expect(p.spec.attestors.map((a) => a.name)).toEqual([
      "signatureKey0",
      "sbomKeyless",
      "provenanceKeyless",
      "scanKeyless",
    ]);
    expect(p.spec.validations.map((v) => v.message.split(":")[0])).toEqual([
      "verify-image-signature",
      "require-sbom-attestation",
      "require-slsa-provenance",
      "require-slsa-provenance",
      "require-vuln-scan-no-critical",
      "require-vuln-scan-no-critical",
      "require-vuln-scan-no-critical",
    ]);
    expect(p.spec.validations[0]!.expression).toContain("[attestors.signatureKey0]");
    expect(p.spec.validations[1]!.expression).toContain("[attestors.sbomKeyless]");
    for (const v of p.spec.validations)
      expect(v.messageExpression!.startsWith(JSON.stringify(`${v.message.split(":")[0]}: `))).toBe(true);
  });

  it("refuses rules with different image scopes", () => {
    expect(() =>
      combinedImagePolicyOf({ "require-sbom-attestation": { imageReferences: ["registry.internal/*"] } }),
    ).toThrow(/imageReferences differs/);
  });
});

describe("artifacts for tollgate build", () => {
  const build = () =>
    imageRuleArtifacts({
      version: "9.9.9",
      docsBaseUrl: "docs/rules/",
      yamlText,
      params: { "verify-image-signature": { publicKeys: [KEY] } },
    });

  it("writes each rule's policy and doc page, and the combined policy's, deterministically", () => {
    const a = build();
    expect(Object.keys(a.files).sort()).toEqual(
      [
        ...KYVERNO_IMAGE_RULES.flatMap((r) => [
          `policies-kyverno/generated/${r.id}/kyverno/policy.yaml`,
          `docs/rules/${r.id}.md`,
        ]),
        `policies-kyverno/generated/${COMBINED_IMAGE_POLICY_ID}/kyverno/policy.yaml`,
        `docs/rules/${COMBINED_IMAGE_POLICY_ID}.md`,
      ].sort(),
    );
    expect(build()).toEqual(a);
    const policy = parse(
      a.files["policies-kyverno/generated/verify-image-signature/kyverno/policy.yaml"]!,
    ) as { metadata: { annotations: Record<string, string> }; spec: { attestors: { name: string }[] } };
    expect(policy.metadata.annotations["tollgate.dev/version"]).toBe("9.9.9");
    expect(policy.spec.attestors.map((x) => x.name)).toEqual(["key0", "keyless"]);
  });

  it("doc pages say what the rule checks, its parameters, its examples, and why Gatekeeper, OPA and VAP cannot run it", () => {
    const { files } = build();
    for (const r of KYVERNO_IMAGE_RULES) {
      const page = files[`docs/rules/${r.id}.md`]!;
      expect(page).toContain(`# ${r.title} (\`${r.id}\`)`);
      expect(page).toContain(`| Gate | ${r.gate} |`);
      expect(page).toContain(r.description);
      expect(page).toContain(r.remediation);
      for (const name of Object.keys(r.parameters)) expect(page).toContain(`| \`${name}\` |`);
      for (const e of [...r.examples.denied, ...r.examples.allowed])
        expect(page).toContain(`${e.title} (test fixture \`${e.fixture}\`)`);
      expect(page).toContain(IMAGE_RULES_OTHER_ENGINES);
      for (const limit of r.limits) expect(page).toContain(`- ${limit}`);
      expect(page).toContain("kind: ImageValidatingPolicy");
    }
    expect(IMAGE_RULES_OTHER_ENGINES).toMatch(/Gatekeeper, OPA or ValidatingAdmissionPolicy/);
    expect(IMAGE_RULES_OTHER_ENGINES).toMatch(/external data provider/);
    expect(files[`docs/rules/${COMBINED_IMAGE_POLICY_ID}.md`]).toContain("deadlocks");
  });

  it("catalogue entries list the Kyverno target only, with parameters and defaults", () => {
    const { catalogue } = build();
    expect(catalogue.map((e) => [e.id, e.targets, e.docs])).toEqual(
      KYVERNO_IMAGE_RULES.map((r) => [r.id, ["kyverno"], `docs/rules/${r.id}.md`]),
    );
    expect(catalogue[3]!.parameters["maxScanAgeHours"]).toEqual({
      type: "integer",
      description: "How old (hours since scanFinishedOn) a scan may be.",
      default: 168,
    });
  });
});
