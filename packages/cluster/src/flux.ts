import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findFreePort, requireTool, requireToolAsset, startBackgroundProcess } from "@tollgate/toolchain";
import type { ControlPlane } from "./control-plane.js";
import { installCustomResourceDefinitions } from "./gatekeeper.js";
import { customResourceDefinitions, readManifests } from "./manifests.js";
import { waitUntil } from "./wait-until.js";

/** The namespace Flux's controllers run in, and where its objects usually live. */
export const FLUX_NAMESPACE = "flux-system";

/** Where Flux's source-controller serves the artifacts it fetched. */
export interface FluxControllers {
  /** The source-controller's artifact server (`http://127.0.0.1:PORT`). */
  readonly storageUrl: string;
}

/**
 * Starts Flux's source-controller and kustomize-controller (pinned) as local processes against
 * the control plane, after installing their CRDs and the `flux-system` namespace. The
 * source-controller keeps the artifacts it pulls in the control plane's folder and serves them on
 * a free port of 127.0.0.1, which it advertises to the kustomize-controller; both watch every
 * namespace, use the admin credentials, run without leader election, and are stopped with the
 * control plane.
 *
 * @param cluster - the control plane
 * @returns where the artifacts are served
 */
export async function startFlux(cluster: ControlPlane): Promise<FluxControllers> {
  const crds = [];
  for (const tool of ["source-controller", "kustomize-controller"] as const)
    crds.push(...customResourceDefinitions(readManifests(await requireToolAsset(tool, "share/crds"))));
  await installCustomResourceDefinitions(cluster, crds);
  await cluster.createNamespace(FLUX_NAMESPACE);
  const storagePort = await findFreePort();
  const storageAddress = `127.0.0.1:${storagePort}`;
  const storagePath = join(cluster.dir, "flux-artifacts");
  mkdirSync(storagePath, { recursive: true });
  const env = { KUBECONFIG: cluster.kubeconfigFile, RUNTIME_NAMESPACE: FLUX_NAMESPACE };
  const common = async (): Promise<string[]> => [
    `--metrics-addr=127.0.0.1:${await findFreePort()}`,
    `--health-addr=127.0.0.1:${await findFreePort()}`,
    "--enable-leader-election=false",
    "--watch-all-namespaces=true",
    "--log-encoding=console",
  ];
  const source = startBackgroundProcess(
    await requireTool("source-controller"),
    [
      ...(await common()),
      `--storage-path=${storagePath}`,
      `--storage-addr=${storageAddress}`,
      `--storage-adv-addr=${storageAddress}`,
    ],
    { name: "source-controller", env, logFile: join(cluster.dir, "source-controller.log") },
  );
  cluster.adopt(source);
  const kustomize = startBackgroundProcess(await requireTool("kustomize-controller"), await common(), {
    name: "kustomize-controller",
    env,
    logFile: join(cluster.dir, "kustomize-controller.log"),
  });
  cluster.adopt(kustomize);
  await waitUntil(
    "Flux's source-controller to serve artifacts",
    async () => {
      for (const p of [source, kustomize]) if (p.exited()) throw new Error(`${p.name} exited: ${p.output()}`);
      try {
        const answer = await fetch(`http://${storageAddress}/`);
        return answer.status > 0;
      } catch {
        return false;
      }
    },
    120_000,
    500,
  );
  return { storageUrl: `http://${storageAddress}` };
}
