import { DEPLOY_FOLDERS } from "./deploy-layout.js";
import type { DeliveryOptions } from "./delivery-options.js";
import { deliveryNameOf, deployTagOf } from "./oci-tags.js";
import { comment, documents, GENERATED, releaseOverlayFiles, TAG_PLACEHOLDER } from "./release-overlay.js";

/** Where the Argo CD Applications are, in a repository (beside the hand-written PreSync check in `deploy/argocd/`). */
export const ARGOCD_APPLICATIONS_DIR = "deploy/argocd/applications";

/**
 * Argo CD Applications, one per deploy folder, each syncing that folder's OCI artifact
 * (`repoURL: oci://…`, `targetRevision: <tag>-<folder>`) with automated prune and self-heal and
 * retries. Gatekeeper's templates are sync wave 0 and its constraints wave 1: applied from a
 * parent application (app of apps), Argo CD syncs the constraints once the templates'
 * application is healthy; the constraints also skip the dry run while their CRDs do not exist
 * yet. The registry and tag are set in an overlay (patches of `spec.source`).
 *
 * @param o - the default tag and registry
 * @returns files by path under {@link ARGOCD_APPLICATIONS_DIR}
 */
export function argoCdFiles(o: DeliveryOptions): Map<string, string> {
  const files = new Map<string, string>();
  const names: string[] = [];
  for (const d of DEPLOY_FOLDERS) {
    const name = deliveryNameOf(d.folder);
    const constraints = d.folder.endsWith("/constraints");
    const application = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name,
        namespace: "argocd",
        annotations: { "argocd.argoproj.io/sync-wave": constraints ? "1" : "0" },
      },
      spec: {
        project: "default",
        source: {
          repoURL: o.repositoryUrl,
          targetRevision: deployTagOf(TAG_PLACEHOLDER, d.folder),
          path: ".",
        },
        destination: { server: "https://kubernetes.default.svc" },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ["ServerSideApply=true", ...(constraints ? ["SkipDryRunOnMissingResource=true"] : [])],
          retry: { limit: 10, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
        },
      },
    };
    names.push(`${name}.yaml`);
    files.set(
      `${ARGOCD_APPLICATIONS_DIR}/base/${name}.yaml`,
      documents(comment([`${d.what}.`, GENERATED]), [application]),
    );
  }
  files.set(
    `${ARGOCD_APPLICATIONS_DIR}/base/kustomization.yaml`,
    documents(
      comment([
        "Argo CD Applications for a Tollgate release: a kustomize base, used through an overlay such",
        "as ../example, which names the release (url and tag).",
        GENERATED,
      ]),
      [{ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: names.sort() }],
    ),
  );
  for (const [path, text] of releaseOverlayFiles({
    dir: ARGOCD_APPLICATIONS_DIR,
    kind: "Application",
    urlField: "spec.source.repoURL",
    tagField: "spec.source.targetRevision",
    options: o,
  }))
    files.set(path, text);
  return files;
}
