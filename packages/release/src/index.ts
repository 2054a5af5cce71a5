/**
 * The signed release: a reproducible folder and tarball with the OPA bundle (signed by OPA's
 * own bundle signing), every policy artifact and test suite, a CycloneDX SBOM, SLSA v1
 * provenance, a manifest of every file's digest signed with cosign, and offline verification.
 *
 * @packageDocumentation
 */
export { createRelease, copyRelease, type ReleaseOptions, type ReleaseResult } from "./create-release.js";
export { verifyRelease, type VerificationKeys, type VerificationReport } from "./verify-release.js";
export { formatGateBoard, type GateStep } from "./gate-board.js";
export { ensureDevelopmentKeys, keysFromFiles, devKeysDir, DEVELOPMENT_NOTICE, type SigningKeys } from "./signing-keys.js";
export { buildSignedOpaBundle, verifyOpaBundleSignature, BUNDLE_ROOTS } from "./opa-bundle.js";
export { cosignVerifyBlob, signBlob, attestStatement, OFFLINE_SIGNING_FLAGS } from "./cosign-cli.js";
export { verifyBlobBundle, verifyAttestationBundle, readPublicKey } from "./sigstore-verify.js";
export { createTarGz, readTarGz, type ArchiveEntry } from "./tar-archive.js";
export { cycloneDxSbom, type ReleaseFile } from "./sbom.js";
export { slsaProvenance, BUILD_TYPE, type ProvenanceStatement } from "./provenance.js";
export { gatherBuildContext, resolvedPackages, type BuildContext, type ResolvedPackage, type ResolvedTool } from "./build-context.js";
export { canonicalJson, sha256Hex } from "./digests.js";
export {
  DETACHED_FILES,
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILE,
  PROVENANCE_FILE,
  PROVENANCE_SIGNATURE_FILE,
  describeFiles,
  listFiles,
  manifestText,
  type ReleaseManifest,
} from "./release-manifest.js";
