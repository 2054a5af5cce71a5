import { defineImageRule } from "./define-image-rule.js";
import { forEveryImage } from "./image-policy-frame.js";
import type { IntotoAttestation } from "./image-validating-policy.js";
import { stringListParameter } from "./rule-parameters.js";

/** The SBOM formats the rule knows: the in-toto predicate type and the CEL test of the SBOM document itself. */
const SBOM_FORMATS: Readonly<
  Record<
    string,
    {
      readonly name: string;
      readonly predicateType: string;
      readonly documentCheck: (payload: string) => string;
    }
  >
> = {
  CycloneDX: {
    name: "cyclonedx",
    predicateType: "https://cyclonedx.org/bom",
    documentCheck: (p) => `${p}.?predicate.?bomFormat.orValue("") == "CycloneDX"`,
  },
  SPDX: {
    name: "spdx",
    predicateType: "https://spdx.dev/Document",
    documentCheck: (p) => `string(${p}.?predicate.?spdxVersion.orValue("")).startsWith("SPDX-")`,
  },
};

/** Every image carries a signed CycloneDX or SPDX SBOM attestation. */
export const requireSbomAttestation = defineImageRule({
  id: "require-sbom-attestation",
  title: "Require SBOM Attestation",
  category: "Software Supply Chain Security",
  gate: 2,
  severity: "medium",
  subject: "Pod",
  attestorPrefix: "sbom",
  description:
    "Every image of a Pod or pod controller must carry a software bill of materials as a signed in-toto attestation over the image " +
    "digest, from an allowed signer: a CycloneDX SBOM (predicate https://cyclonedx.org/bom, with bomFormat CycloneDX) or an SPDX " +
    "SBOM (predicate https://spdx.dev/Document, with an spdxVersion). An SBOM that is only pushed, not signed, does not count.",
  remediation:
    "Generate the SBOM at build time (for example `syft <image> -o cyclonedx-json`) and attach it signed: " +
    "`cosign attest --key cosign.key --type cyclonedx --predicate sbom.cdx.json <image>@sha256:…` (or `--type spdxjson`).",
  limits: [],
  examples: {
    denied: [
      { fixture: "unsigned", title: "An image with no SBOM attestation" },
      {
        fixture: "other-key",
        title: "An image whose CycloneDX SBOM attestation is signed with a key that is not allowed",
      },
      { fixture: "signed-only", title: "An image that is signed but carries no SBOM" },
    ],
    allowed: [
      { fixture: "signed-attested", title: "An image with a CycloneDX SBOM attested with the allowed key" },
      { fixture: "spdx-sbom", title: "An image with an SPDX SBOM attested with the allowed key" },
    ],
  },
  parameters: {
    formats: stringListParameter("The SBOM formats accepted: CycloneDX, SPDX (either one is enough).", [
      "CycloneDX",
      "SPDX",
    ]),
  },
  body: (values, signers) => {
    const formats = values["formats"] as string[];
    const unknown = formats.filter((f) => !(f in SBOM_FORMATS));
    if (unknown.length > 0 || formats.length === 0) {
      throw new Error(
        `require-sbom-attestation: formats must be a non-empty list of ${Object.keys(SBOM_FORMATS).join(", ")}; got ${JSON.stringify(formats)}`,
      );
    }
    const attestations: IntotoAttestation[] = [];
    const alternatives: string[] = [];
    for (const f of formats) {
      const spec = SBOM_FORMATS[f]!;
      attestations.push({ name: spec.name, intoto: { type: spec.predicateType } });
      const verified = `verifyAttestationSignatures(image, attestations.${spec.name}, ${signers.list}) > 0`;
      alternatives.push(
        `(${verified} && ${spec.documentCheck(`extractPayload(image, attestations.${spec.name})`)})`,
      );
    }
    return {
      attestations,
      validations: [
        forEveryImage(
          alternatives.join(" || "),
          `images without a signed ${formats.join(" or ")} SBOM attestation from an allowed signer`,
        ),
      ],
    };
  },
});
