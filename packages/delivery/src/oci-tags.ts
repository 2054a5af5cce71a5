/**
 * How a release's deploy folders are named and packed in an OCI registry: one artifact per
 * folder, tagged `<tag>-<folder>`, in Flux's format.
 */

/** Flux's config media type for an artifact of Kubernetes manifests (its content is `{}`). */
export const FLUX_CONFIG_MEDIA_TYPE = "application/vnd.cncf.flux.config.v1+json";
/** Flux's layer media type: the manifests as a tar+gzip. */
export const FLUX_CONTENT_MEDIA_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

/**
 * The suffix of a deploy folder's tag: `gatekeeper-templates` for `deploy/gatekeeper/templates`.
 *
 * @param folder - the deploy folder
 * @returns the suffix, without the leading `-`
 */
export function deployTagSuffixOf(folder: string): string {
  return folder.replace(/^deploy\//, "").replace(/\//g, "-");
}

/**
 * The tag of a deploy folder's artifact for a bundle tag.
 *
 * @param bundleTag - the tag given to `--push`
 * @param folder - the deploy folder (`deploy/gatekeeper/templates`)
 * @returns `<tag>-gatekeeper-templates`
 */
export function deployTagOf(bundleTag: string, folder: string): string {
  return `${bundleTag}-${deployTagSuffixOf(folder)}`;
}

/**
 * The name of the objects that deliver a deploy folder (Flux's OCIRepository and Kustomization,
 * Argo CD's Application).
 *
 * @param folder - the deploy folder
 * @returns `tollgate-gatekeeper-templates` for `deploy/gatekeeper/templates`
 */
export function deliveryNameOf(folder: string): string {
  return `tollgate-${deployTagSuffixOf(folder)}`;
}
