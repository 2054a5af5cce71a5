import { celStringList } from "./cel-text.js";
import { defineImageRule } from "./define-image-rule.js";
import { forEveryImage } from "./image-policy-frame.js";
import { stringListParameter } from "./rule-parameters.js";

/** The in-toto predicate type of SLSA provenance v1 (cosign `--type slsaprovenance1`). */
export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";

/** Placeholder builder: the release workflow of YOUR-ORG/YOUR-REPO, as configuration to replace. */
const PLACEHOLDER_BUILDER_ID =
  "https://github.com/YOUR-ORG/YOUR-REPO/.github/workflows/release.yaml@refs/heads/main";

/** Every image carries signed SLSA v1 provenance from an allowed builder. */
export const requireSlsaProvenance = defineImageRule({
  id: "require-slsa-provenance",
  title: "Require SLSA Provenance",
  category: "Software Supply Chain Security",
  gate: 1,
  severity: "high",
  subject: "Pod",
  attestorPrefix: "provenance",
  description:
    "Every image of a Pod or pod controller must carry SLSA v1 provenance (predicate https://slsa.dev/provenance/v1) as a signed " +
    "in-toto attestation over the image digest, from an allowed signer, and the provenance's builder " +
    "(runDetails.builder.id) must be one of the allowed builders. Provenance in the SLSA v0.2 format does not count.",
  remediation:
    "Build the image on an allowed builder that emits SLSA v1 provenance, and attach it signed: " +
    "`cosign attest --key cosign.key --type slsaprovenance1 --predicate provenance.json <image>@sha256:…`. " +
    "If the builder is legitimate but new, add its id to builderIds.",
  limits: [
    "Kyverno 1.19.0 reads one SLSA v1 provenance attestation per image: when an image carries several from allowed signers, " +
      "the builder check applies to one of them, not necessarily the newest.",
  ],
  examples: {
    denied: [
      { fixture: "unsigned", title: "An image with no provenance" },
      { fixture: "other-key", title: "An image whose provenance is signed with a key that is not allowed" },
      {
        fixture: "wrong-builder",
        title: "An image with signed SLSA v1 provenance from a builder that is not allowed",
      },
      {
        fixture: "slsa-v02",
        title: "An image with signed provenance from the allowed builder, but in the SLSA v0.2 format",
      },
    ],
    allowed: [
      {
        fixture: "signed-attested",
        title: "An image with SLSA v1 provenance from the allowed builder, attested with the allowed key",
      },
    ],
  },
  parameters: {
    builderIds: stringListParameter(
      "Builder ids (runDetails.builder.id) accepted exactly. The default is a placeholder to replace.",
      [PLACEHOLDER_BUILDER_ID],
    ),
    builderIdPatterns: stringListParameter(
      "Go RE2 regular expressions a builder id may match instead (for builders whose id carries a version).",
      [],
    ),
  },
  body: (values, signers) => {
    const ids = values["builderIds"] as string[];
    const patterns = values["builderIdPatterns"] as string[];
    if (ids.length === 0 && patterns.length === 0)
      throw new Error("require-slsa-provenance: no allowed builder: set builderIds or builderIdPatterns");
    const verified = `verifyAttestationSignatures(image, attestations.provenance, ${signers.list}) > 0`;
    const builderId = `string(extractPayload(image, attestations.provenance).?predicate.?runDetails.?builder.?id.orValue(""))`;
    const allowed = `[${builderId}].all(id, id in variables.builderIds || variables.builderIdPatterns.exists(p, id.matches(p)))`;
    return {
      attestations: [{ name: "provenance", intoto: { type: SLSA_PROVENANCE_V1 } }],
      variables: [
        { name: "builderIds", expression: celStringList(ids) },
        { name: "builderIdPatterns", expression: celStringList(patterns) },
      ],
      validations: [
        forEveryImage(verified, "images without signed SLSA v1 provenance from an allowed signer"),
        forEveryImage(
          `${verified} && ${allowed}`,
          "images whose SLSA provenance names a builder that is not allowed",
          `(${verified}) ? image + " (builder " + ${builderId} + ")" : image`,
        ),
      ],
    };
  },
});
