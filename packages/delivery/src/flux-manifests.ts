import { DEPLOY_FOLDERS } from "./deploy-layout.js";
import { deliveryNameOf, deployTagSuffixOf, FLUX_CONTENT_MEDIA_TYPE } from "./oci-tags.js";
import type { DeliveryOptions } from "./delivery-options.js";
import { comment, documents, GENERATED, releaseOverlayFiles, TAG_PLACEHOLDER } from "./release-overlay.js";

/** The folder of the Flux manifests in a repository. */
export const FLUX_DIR = "deploy/flux";
/** The Secret that holds the release's cosign public key (`cosign.pub`), which Flux verifies each artifact with. */
export const FLUX_KEY_SECRET = "tollgate-cosign-public-key";

function ociRepository(folder: string, url: string): Record<string, unknown> {
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "OCIRepository",
    metadata: { name: deliveryNameOf(folder) },
    spec: {
      interval: "5m",
      url,
      ref: { tag: `${TAG_PLACEHOLDER}-${deployTagSuffixOf(folder)}` },
      layerSelector: { mediaType: FLUX_CONTENT_MEDIA_TYPE, operation: "extract" },
      verify: { provider: "cosign", secretRef: { name: FLUX_KEY_SECRET } },
    },
  };
}

/**
 * When a ConstraintTemplate is healthy: Gatekeeper has made its Constraint CRD (`status.created`),
 * and failed when a Gatekeeper pod reports an error for it (Rego that does not compile).
 */
const CONSTRAINT_TEMPLATE_HEALTH = {
  apiVersion: "templates.gatekeeper.sh/v1",
  kind: "ConstraintTemplate",
  current: "has(status.created) && status.created == true",
  failed: "has(status.byPod) && status.byPod.exists(p, has(p.errors) && size(p.errors) > 0)",
};

function kustomization(
  folder: string,
  extra: { dependsOn?: string; healthCheckExprs?: Record<string, string>[] },
): Record<string, unknown> {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: deliveryNameOf(folder) },
    spec: {
      ...(extra.dependsOn ? { dependsOn: [{ name: extra.dependsOn }] } : {}),
      interval: "10m",
      retryInterval: "1m",
      timeout: "3m",
      sourceRef: { kind: "OCIRepository", name: deliveryNameOf(folder) },
      path: "./",
      prune: true,
      // Every object applied must become healthy (kstatus, or the CEL expressions given for its kind).
      wait: true,
      ...(extra.healthCheckExprs ? { healthCheckExprs: extra.healthCheckExprs } : {}),
    },
  };
}

/**
 * The Flux manifests that pull a pushed release and apply it, by path: per target an
 * `OCIRepository` (cosign-verified with the key in {@link FLUX_KEY_SECRET}, Flux's content layer
 * extracted) and a `Kustomization` (prune, wait for health, retries); the Gatekeeper
 * constraints depend on the templates, which are healthy once Gatekeeper has made their
 * Constraint CRDs (a CEL health check on `status.created`). A kustomize base: `release.yaml` (local config: registry URL and tag) is
 * copied into every `OCIRepository` by replacements, and `cosign.pub` (a placeholder that
 * verifies nothing, so nothing is applied until it is replaced) becomes the key Secret.
 *
 * @param o - the default tag and registry
 * @returns files by path under {@link FLUX_DIR}
 */
export function fluxFiles(o: DeliveryOptions): Map<string, string> {
  const url = o.repositoryUrl;
  const byTarget = new Map<string, string[]>();
  for (const d of DEPLOY_FOLDERS) {
    const target = d.folder.split("/")[1]!;
    byTarget.set(target, [...(byTarget.get(target) ?? []), d.folder]);
  }
  const files = new Map<string, string>();
  const targetFiles: string[] = [];
  for (const [target, folders] of byTarget) {
    const objects: Record<string, unknown>[] = [];
    let previous: string | undefined;
    for (const folder of folders) {
      objects.push(ociRepository(folder, url));
      const templates = folder.endsWith("/templates");
      objects.push(
        kustomization(folder, {
          ...(previous ? { dependsOn: deliveryNameOf(previous) } : {}),
          ...(templates ? { healthCheckExprs: [CONSTRAINT_TEMPLATE_HEALTH] } : {}),
        }),
      );
      previous = folder;
    }
    const file = `${target}.yaml`;
    targetFiles.push(file);
    files.set(
      `${FLUX_DIR}/base/${file}`,
      documents(
        comment([
          `Flux pulls and applies the ${target} part of a Tollgate release.`,
          ...(target === "gatekeeper"
            ? [
                "Constraints are applied once Gatekeeper has made a CRD from every template (the health check).",
              ]
            : []),
          GENERATED,
        ]),
        objects,
      ),
    );
  }
  files.set(
    `${FLUX_DIR}/base/cosign.pub`,
    comment([
      "Not a key: an overlay replaces this file with the release's cosign public key (see",
      "../example). Until then Flux cannot verify any artifact, and applies nothing.",
    ]),
  );
  files.set(
    `${FLUX_DIR}/base/kustomization.yaml`,
    documents(
      comment([
        "Flux delivery of a Tollgate release: a kustomize base, used through an overlay such as",
        "../example, which names the release (url and tag) and the key.",
        GENERATED,
      ]),
      [
        {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          namespace: "flux-system",
          resources: targetFiles,
          secretGenerator: [
            { name: FLUX_KEY_SECRET, files: ["cosign.pub"], options: { disableNameSuffixHash: true } },
          ],
        },
      ],
    ),
  );
  for (const [path, text] of releaseOverlayFiles({
    dir: FLUX_DIR,
    kind: "OCIRepository",
    urlField: "spec.url",
    tagField: "spec.ref.tag",
    options: o,
    keySecret: { name: FLUX_KEY_SECRET, namespace: "flux-system" },
  }))
    files.set(path, text);
  return files;
}
