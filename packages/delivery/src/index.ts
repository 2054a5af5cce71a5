/**
 * How a release reaches clusters, defined once: the release's deploy folders (what each target
 * applies, in order), the OCI tags and Flux format each folder is pushed in, and the Flux,
 * Argo CD and OPA manifests that pull them, which `tollgate build` writes into the repository.
 *
 * @packageDocumentation
 */
export {
  DEPLOY_FOLDERS,
  deployFiles,
  kustomizationOf,
  TESTS_DIR,
  type DeployFolder,
} from "./deploy-layout.js";
export {
  deliveryNameOf,
  deployTagOf,
  deployTagSuffixOf,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
} from "./oci-tags.js";
export {
  OPA_BUNDLE_NAME,
  OPA_KEY_ID,
  OPA_SERVICE_NAME,
  opaConfig,
  type OpaConfigOptions,
} from "./opa-config.js";
export {
  OPA_BUNDLE_DEPLOY_FILE,
  OPA_CONFIG_FILE,
  OPA_CONFIG_MAP,
  OPA_CONFIG_VARIABLES,
  opaConfigFile,
  opaConfigText,
} from "./opa-config-file.js";
export { FLUX_DIR, FLUX_KEY_SECRET, fluxFiles } from "./flux-manifests.js";
export { ARGOCD_APPLICATIONS_DIR, argoCdFiles } from "./argocd-applications.js";
export { RELEASE_CONFIG_MAP, TAG_PLACEHOLDER } from "./release-overlay.js";
export { EXAMPLE_REPOSITORY_URL, type DeliveryOptions } from "./delivery-options.js";
export { DELIVERY_FOLDERS, deliveryFiles } from "./delivery-files.js";
