import { join } from "node:path";
import { findFreePort, requireTool, requireToolAsset, startBackgroundProcess } from "@tollgate/toolchain";
import type { ControlPlane } from "./control-plane.js";
import { installCustomResourceDefinitions } from "./gatekeeper.js";
import { customResourceDefinitions, readManifests } from "./manifests.js";
import { waitUntil } from "./wait-until.js";

/** The namespace Argo Rollouts' controller runs in. */
export const ARGO_ROLLOUTS_NAMESPACE = "argo-rollouts";

/**
 * Installs Argo Rollouts' CRDs (from its pinned module) and waits until the API server serves them.
 *
 * @param cluster - the control plane
 */
export async function installArgoRolloutsCrds(cluster: ControlPlane): Promise<void> {
  const crds = customResourceDefinitions(
    readManifests(await requireToolAsset("argo-rollouts", "share/crds")),
  );
  await installCustomResourceDefinitions(cluster, crds);
}

/**
 * Starts Argo Rollouts' controller (pinned) as a local process against the control plane, after
 * installing its CRDs and namespace. It runs AnalysisRuns (querying their metric providers from
 * this machine), watches every namespace with the admin credentials, runs without leader
 * election, and is stopped with the control plane.
 *
 * @param cluster - the control plane
 */
export async function startArgoRollouts(cluster: ControlPlane): Promise<void> {
  await installArgoRolloutsCrds(cluster);
  await cluster.createNamespace(ARGO_ROLLOUTS_NAMESPACE);
  const healthzPort = await findFreePort();
  const controller = startBackgroundProcess(
    await requireTool("argo-rollouts"),
    [
      `--kubeconfig=${cluster.kubeconfigFile}`,
      "--leader-elect=false",
      `--healthzPort=${healthzPort}`,
      `--metricsPort=${await findFreePort()}`,
      "--loglevel=info",
    ],
    {
      name: "argo-rollouts",
      env: { POD_NAMESPACE: ARGO_ROLLOUTS_NAMESPACE },
      logFile: join(cluster.dir, "argo-rollouts.log"),
    },
  );
  cluster.adopt(controller);
  await waitUntil(
    "Argo Rollouts' controller to answer its health check",
    async () => {
      if (controller.exited()) throw new Error(`argo-rollouts exited: ${controller.output()}`);
      try {
        return (await fetch(`http://127.0.0.1:${healthzPort}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    120_000,
    500,
  );
}
