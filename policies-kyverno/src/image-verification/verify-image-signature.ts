import { defineImageRule } from "./define-image-rule.js";
import { forEveryImage } from "./image-policy-frame.js";

/**
 * The predicate type of a cosign v3 image signature. In the Sigstore bundle format (cosign v3's
 * default) an image signature is a DSSE envelope over an in-toto statement of this type, and
 * attestations are DSSE envelopes too: Kyverno 1.19's `verifyImageSignatures` (like
 * `cosign verify`) accepts any of them from the key, an SBOM attestation included. Requiring
 * this predicate type is what makes "signed" mean "signed as an image".
 */
export const COSIGN_SIGNATURE_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

/** Gate 3: every image carries a cosign signature from an allowed key or keyless identity. */
export const verifyImageSignature = defineImageRule({
  id: "verify-image-signature",
  title: "Verify Image Signature",
  category: "Software Supply Chain Security",
  gate: 3,
  severity: "high",
  subject: "Pod",
  attestorPrefix: "signature",
  description:
    "Every image of a Pod or pod controller (containers, initContainers, ephemeralContainers) must carry a cosign signature, " +
    "made over the image digest, that verifies against one of the allowed signers: a public key, or a keyless (Sigstore OIDC) " +
    "identity given by issuer and subject. Images must be referenced by digest (Kyverno pins tags to digests at admission). " +
    "A signature in cosign's Sigstore-bundle format counts only when it is an image signature (predicate " +
    "https://sigstore.dev/cosign/sign/v1), not any other attestation made with the same key.",
  remediation:
    "Sign the image by digest in the pipeline with an allowed signer: `cosign sign --key cosign.key <image>@sha256:…`, or keyless " +
    "in CI with an OIDC token (`cosign sign <image>@sha256:…` in a GitHub Actions job with `id-token: write`). Reference the image by digest.",
  limits: [
    "In cosign's Sigstore-bundle format, Kyverno 1.19.0's verifyImageSignatures (like `cosign verify`) counts any DSSE " +
      "attestation from an allowed signer as an image signature; this rule therefore checks for the cosign image-signature " +
      "predicate instead, which legacy (`.sig`) signatures do not carry. With acceptLegacySignatures it falls back to " +
      "verifyImageSignatures, and an image with only an SBOM attestation from an allowed signer passes (tested).",
    "Keyless signatures need Sigstore's trust root, which Kyverno fetches from Sigstore's TUF repository at run time: offline, " +
      "keyless verification fails and the Pod is refused (tested with the default placeholder identity).",
  ],
  examples: {
    denied: [
      { fixture: "unsigned", title: "An image with no signature and no attestation" },
      { fixture: "other-key", title: "An image signed (and attested) with a key that is not allowed" },
      {
        fixture: "attestations-only",
        title:
          "An image with SBOM, provenance and scan attestations from the allowed key, but no image signature",
      },
      {
        fixture: "legacy-signature",
        title:
          "An image signed with the allowed key in cosign's legacy .sig format (allowed only with acceptLegacySignatures)",
      },
    ],
    allowed: [
      {
        fixture: "signed-attested",
        title: "An image signed by digest with the allowed key (cosign v3, Sigstore bundle)",
      },
    ],
  },
  parameters: {
    acceptLegacySignatures: {
      schema: {
        type: "boolean",
        description:
          "Also accept signatures in cosign's legacy format (a `.sig` tag, cosign v2). Kyverno then checks them with verifyImageSignatures, which in the bundle format also counts any attestation from an allowed signer as a signature.",
      },
      default: false,
    },
  },
  body: (values, signers) => {
    const legacy = values["acceptLegacySignatures"] as boolean;
    const check = legacy
      ? `verifyImageSignatures(image, ${signers.list}) > 0`
      : `verifyAttestationSignatures(image, attestations.cosignSignature, ${signers.list}) > 0`;
    return {
      attestations: [{ name: "cosignSignature", intoto: { type: COSIGN_SIGNATURE_PREDICATE } }],
      validations: [forEveryImage(check, "images without a cosign signature from an allowed signer")],
    };
  },
});
