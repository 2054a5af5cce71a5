/**
 * The signed release: a reproducible folder and tarball with the OPA bundle (signed by OPA's
 * own bundle signing), every policy artifact and test suite, a CycloneDX SBOM, SLSA v1
 * provenance, a manifest of every file's digest signed with cosign, and offline verification;
 * publishing to an OCI registry (the OPA bundle in the layout OPA pulls, and the full release),
 * signed and attested there with cosign, and verification of what the registry serves.
 *
 * @packageDocumentation
 */
export { createRelease, copyRelease, type ReleaseOptions, type ReleaseResult } from "./create-release.js";
export {
  verifyRelease,
  verifyReleaseKeyless,
  type VerificationKeys,
  type VerificationReport,
} from "./verify-release.js";
export {
  publishRelease,
  type PublishOptions,
  type PublishResult,
  type PushedArtifact,
} from "./publish-release.js";
export {
  verifyOciRelease,
  type OciVerificationReport,
  type OciVerificationTrust,
} from "./verify-oci-release.js";
export { opaOciConfig, type OpaOciConfigOptions } from "./opa-oci-config.js";
export {
  isLoopbackRegistry,
  looksLikeOciReference,
  parseOciReference,
  repositoryOf,
  withDigest,
  withTag,
  type OciReference,
} from "./oci-reference.js";
export {
  EMPTY_CONFIG,
  IN_TOTO_MEDIA_TYPE,
  OCI_IMAGE_CONFIG_MEDIA_TYPE,
  OPA_BUNDLE_LAYER_MEDIA_TYPE,
  RELEASE_ARTIFACT_TYPE,
  RELEASE_TAG_ANNOTATION,
  RELEASE_TAG_SUFFIX,
  RELEASE_TARBALL_MEDIA_TYPE,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
  releaseTagOf,
  longestTagOf,
} from "./oci-layout.js";
export {
  orasFetchManifest,
  orasPull,
  orasPush,
  orasResolve,
  type OciDescriptor,
  type OciManifest,
  type OrasFile,
  type OrasPushOptions,
} from "./oras-cli.js";
export {
  GITHUB_ACTIONS_ISSUER,
  keylessIdentityFromEnv,
  keylessVerifyFlags,
  NO_OIDC_TOKEN_MESSAGE,
  oidcTokenSource,
  type KeylessIdentity,
  type PrivateCertificateAuthority,
} from "./keyless.js";
export { formatGateBoard, type GateStep } from "./gate-board.js";
export { ansiPainter, type Paint } from "./ansi.js";
export {
  ensureDevelopmentKeys,
  keysFromFiles,
  keylessSigningKeys,
  cosignSignerOf,
  cosignTrustOf,
  devKeysDir,
  DEVELOPMENT_NOTICE,
  type SigningKeys,
  type KeylessSigningKeys,
  type ReleaseSigning,
} from "./signing-keys.js";
export { buildSignedOpaBundle, verifyOpaBundleSignature, BUNDLE_ROOTS } from "./opa-bundle.js";
export {
  cosignVerifyBlob,
  cosignVerifyBlobAttestation,
  signBlob,
  attestStatement,
  cosignSignImage,
  cosignAttestImage,
  cosignVerifyImage,
  cosignVerifyImageAttestation,
  OFFLINE_SIGNING_FLAGS,
  type AttestationType,
  type CosignSigner,
  type CosignTrust,
} from "./cosign-cli.js";
export { verifyBlobBundle, verifyAttestationBundle, readPublicKey } from "./sigstore-verify.js";
export { createTarGz, readTarGz, type ArchiveEntry } from "./tar-archive.js";
export { cycloneDxSbom, type ReleaseFile } from "./sbom.js";
export { slsaProvenance, BUILD_TYPE, type ProvenanceStatement } from "./provenance.js";
export {
  gatherBuildContext,
  resolvedPackages,
  type BuildContext,
  type ResolvedPackage,
  type ResolvedTool,
} from "./build-context.js";
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
