/**
 * How a release sits in an OCI registry. Two artifacts in one repository:
 *
 * - `REPO:TAG`, the OPA bundle, in the layout OPA pulls: an image manifest whose config is `{}`
 *   of type `application/vnd.oci.image.config.v1+json` and whose one layer
 *   (`application/vnd.oci.image.layer.v1.tar+gzip`) is the release's signed `bundle.tar.gz`;
 * - `REPO:TAG-release`, the full release: the reproducible tarball (payload and manifest), the
 *   manifest's Sigstore bundle, the SLSA provenance and its DSSE Sigstore bundle, as layers of
 *   an artifact of type {@link RELEASE_ARTIFACT_TYPE}.
 *
 * - `REPO:TAG-<folder>`, one per deploy folder (`TAG-gatekeeper-templates`,
 *   `TAG-gatekeeper-constraints`, `TAG-kyverno`, `TAG-vap`), in Flux's format: config `{}` of
 *   type {@link FLUX_CONFIG_MEDIA_TYPE}, one layer of type {@link FLUX_CONTENT_MEDIA_TYPE}, the
 *   folder's files as a reproducible tar+gzip. A Flux `OCIRepository` (or any GitOps tool that
 *   reads Flux artifacts) pulls it and applies the folder's `kustomization.yaml`.
 *
 * The bundle artifact's annotation {@link RELEASE_TAG_ANNOTATION} names the release's tag, so a
 * verifier given the bundle by digest finds the release. Every artifact is signed by digest with
 * cosign; the bundle and the release also carry the SBOM and the provenance as attestations.
 */

import { deployTagOf } from "@tollgate/delivery";

/** OPA's bundle layer media type. */
export const OPA_BUNDLE_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
/** The image config media type of the bundle artifact (its content is `{}`). */
export const OCI_IMAGE_CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
/** The bundle artifact's config content. */
export const EMPTY_CONFIG = "{}";
/** The artifact type of the full release. */
export const RELEASE_ARTIFACT_TYPE = "application/vnd.tollgate.release.v1";
/** Media type of the release tarball layer. */
export const RELEASE_TARBALL_MEDIA_TYPE = "application/vnd.tollgate.release.tarball.v1.tar+gzip";
/** Media type of a Sigstore bundle layer. */
export const SIGSTORE_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
/** Media type of the in-toto provenance statement layer. */
export const IN_TOTO_MEDIA_TYPE = "application/vnd.in-toto+json";
/** The suffix of the release artifact's tag. */
export const RELEASE_TAG_SUFFIX = "-release";
/** The bundle artifact's annotation naming the release artifact's tag. */
export const RELEASE_TAG_ANNOTATION = "dev.tollgate.release.tag";

/**
 * The release artifact's tag for a bundle tag.
 *
 * @param bundleTag - the tag given to `--push`
 * @returns `<tag>-release`
 */
export function releaseTagOf(bundleTag: string): string {
  return `${bundleTag}${RELEASE_TAG_SUFFIX}`;
}

/**
 * The longest tag a push makes for a bundle tag (registries refuse tags over 128 characters).
 *
 * @param bundleTag - the tag given to `--push`
 * @param folders - the deploy folders
 * @returns the longest of `<tag>-release` and `<tag>-<folder>`
 */
export function longestTagOf(bundleTag: string, folders: readonly string[]): string {
  return [releaseTagOf(bundleTag), ...folders.map((f) => deployTagOf(bundleTag, f))].reduce((a, b) =>
    b.length > a.length ? b : a,
  );
}
