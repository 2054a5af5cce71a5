import { argoCdFiles } from "./argocd-applications.js";
import type { DeliveryOptions } from "./delivery-options.js";
import { fluxFiles } from "./flux-manifests.js";
import { OPA_CONFIG_FILE, opaConfigFile } from "./opa-config-file.js";

/** The repository folders the delivery manifests are written to, whole. */
export const DELIVERY_FOLDERS: readonly string[] = [
  "deploy/flux",
  "deploy/argocd/applications",
  "deploy/opa",
];

/**
 * Every shipped delivery manifest, by repository path: Flux (`deploy/flux/`), Argo CD
 * (`deploy/argocd/applications/`) and OPA (`deploy/opa/config.yaml`). They name the tags, media
 * types, key ids and folder order the push uses, from the same definitions, so they cannot drift.
 *
 * @param o - the default tag and registry
 * @returns files by path
 */
export function deliveryFiles(o: DeliveryOptions): Map<string, string> {
  return new Map([...fluxFiles(o), ...argoCdFiles(o), [OPA_CONFIG_FILE, opaConfigFile()]]);
}
