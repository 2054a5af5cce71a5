/**
 * Reads Kubernetes manifests from files, folders and standard input: YAML streams (Helm and
 * Kustomize output included), JSON and `kind: List`, one object at a time, with every problem
 * reported as an error item that names the file, the document and the line. Hardened against
 * hostile input: size, depth and alias limits, no prototype pollution, no stack exhaustion.
 *
 * @packageDocumentation
 */
export { loadManifests, manifestSources, readManifestFile, type ManifestFile } from "./load-manifests.js";
export {
  MAX_ALIASED_NODES_DEFAULT,
  MAX_ALIASES_DEFAULT,
  MAX_DEPTH_DEFAULT,
  MAX_DOCUMENT_BYTES_DEFAULT,
  type LoadOptions,
} from "./load-options.js";
export { describeLocation, type ErrorPlace } from "./location.js";
export type { ManifestDocument, ManifestError, ManifestItem } from "./manifest-item.js";
export { parseManifests } from "./parse-manifests.js";
