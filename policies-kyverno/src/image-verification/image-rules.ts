import type { KyvernoImageRule } from "./kyverno-image-rule.js";
import { requireSbomAttestation } from "./require-sbom-attestation.js";
import { requireSlsaProvenance } from "./require-slsa-provenance.js";
import { requireVulnScanNoCritical } from "./require-vuln-scan-no-critical.js";
import { verifyImageSignature } from "./verify-image-signature.js";

/** The Kyverno library's image-verification rules, in catalogue order. */
export const KYVERNO_IMAGE_RULES: readonly KyvernoImageRule[] = [
  verifyImageSignature,
  requireSbomAttestation,
  requireSlsaProvenance,
  requireVulnScanNoCritical,
];
