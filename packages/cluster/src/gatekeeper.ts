import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { findFreePort, requireTool, requireToolAsset, startBackgroundProcess } from "@tollgate/toolchain";
import type { ControlPlane } from "./control-plane.js";
import { KubeApiError } from "./kube-client.js";
import { customResourceDefinitions, readManifests } from "./manifests.js";
import { waitUntil } from "./wait-until.js";
import { validatingWebhookConfiguration } from "./webhook-configuration.js";

/** The namespace Gatekeeper's manager believes it runs in. */
export const GATEKEEPER_NAMESPACE = "gatekeeper-system";

/** The webhook label value of objects Gatekeeper judges (see {@link TARGET_LABEL}). */
export const GATEKEEPER_TARGET = "gatekeeper";

/**
 * Creates CRDs and waits until the API server serves each of them.
 *
 * @param cluster - the control plane
 * @param crds - the CustomResourceDefinitions
 */
export async function installCustomResourceDefinitions(
  cluster: ControlPlane,
  crds: readonly Record<string, unknown>[],
): Promise<void> {
  for (const crd of crds) await cluster.client.apply(crd);
  await waitUntil(
    "the CRDs to be established",
    async () => {
      for (const crd of crds) {
        const name = String((crd["metadata"] as { name?: string }).name);
        const current = await cluster.client.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name);
        const conditions = ((
          current?.["status"] as { conditions?: { type: string; status: string }[] } | undefined
        )?.conditions ?? []) as { type: string; status: string }[];
        if (!conditions.some((c) => c.type === "Established" && c.status === "True")) return false;
      }
      return true;
    },
    60_000,
  );
  cluster.client.forgetDiscovery();
}

/**
 * Starts Gatekeeper's manager (pinned) as a local process against the control plane: its CRDs,
 * its namespace and the Pending Pod it reads its identity from, the webhook serving the run's
 * certificate on a free port, and a ValidatingWebhookConfiguration that sends it the objects
 * labelled for Gatekeeper. Its operations are `webhook` (admission), `generate` (the Constraint
 * CRDs from ConstraintTemplates) and `status` (template errors). Stopped with the control plane.
 *
 * @param cluster - the control plane
 * @param options - `everyObject`: send it every object, as Gatekeeper's own configuration does,
 *   not only those labelled for Gatekeeper; `engine`: which engine of a template that carries both
 *   judges: `cel` (K8sNativeValidation on, Gatekeeper's default) or `rego` (off)
 * @returns the webhook's URL
 */
export async function startGatekeeper(
  cluster: ControlPlane,
  options: { readonly everyObject?: boolean; readonly engine?: "rego" | "cel" } = {},
): Promise<{ readonly url: string }> {
  const binary = await requireTool("gatekeeper");
  const manifests = readManifests(await requireToolAsset("gatekeeper", "share/gatekeeper.yaml"));
  await installCustomResourceDefinitions(cluster, customResourceDefinitions(manifests));
  await cluster.createNamespace(GATEKEEPER_NAMESPACE, {
    "admission.gatekeeper.sh/ignore": "no-self-managing",
  });
  const podName = "gatekeeper-controller-manager-local";
  const pod = await cluster.client.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: podName, namespace: GATEKEEPER_NAMESPACE },
    spec: { containers: [{ name: "manager", image: "openpolicyagent/gatekeeper:v3.23.1" }] },
  });
  if (pod.status !== 201 && pod.status !== 409) throw new KubeApiError("create Gatekeeper's Pod", pod);
  const certDir = join(cluster.dir, "gatekeeper-certs");
  mkdirSync(certDir, { recursive: true });
  copyFileSync(cluster.certificates.servingCertFile, join(certDir, "tls.crt"));
  copyFileSync(cluster.certificates.servingKeyFile, join(certDir, "tls.key"));
  copyFileSync(cluster.certificates.caFile, join(certDir, "ca.crt"));
  const port = await findFreePort();
  const healthPort = await findFreePort();
  // Its Prometheus exporter listens on 8888 unless told otherwise: two runs side by side would
  // collide there, and a manager that cannot bind stops.
  const prometheusPort = await findFreePort();
  const manager = startBackgroundProcess(
    binary,
    [
      `--port=${port}`,
      "--host=127.0.0.1",
      `--health-addr=127.0.0.1:${healthPort}`,
      "--metrics-addr=0",
      `--prometheus-port=${prometheusPort}`,
      `--cert-dir=${certDir}`,
      "--disable-cert-rotation",
      "--operation=webhook",
      "--operation=generate",
      "--operation=status",
      "--shutdown-delay=0",
      "--default-create-vap-for-templates=false",
      "--default-create-vap-binding-for-constraints=false",
      `--enable-k8s-native-validation=${options.engine === "rego" ? "false" : "true"}`,
      "--log-level=WARNING",
    ],
    {
      name: "gatekeeper",
      logFile: join(cluster.dir, "gatekeeper.log"),
      env: { KUBECONFIG: cluster.kubeconfigFile, POD_NAMESPACE: GATEKEEPER_NAMESPACE, POD_NAME: podName },
    },
  );
  cluster.adopt(manager);
  await waitUntil(
    "Gatekeeper to answer its health check",
    async () => {
      if (manager.exited()) throw new Error(`gatekeeper exited: ${manager.output()}`);
      try {
        return (await fetch(`http://127.0.0.1:${healthPort}/readyz`, { signal: AbortSignal.timeout(1000) }))
          .ok;
      } catch {
        return false;
      }
    },
    180_000,
    500,
  );
  const url = `https://127.0.0.1:${port}/v1/admit`;
  await cluster.client.apply(
    gatekeeperWebhookConfiguration(manifests, url, cluster.certificates.caPem, options.everyObject ?? false),
  );
  return { url };
}

/**
 * Gatekeeper's own ValidatingWebhookConfiguration from its release manifest (its name, the
 * resources and subresources it reviews, its namespace exemptions), pointed at the local
 * manager, for objects labelled for Gatekeeper (or for every object, as shipped), and failing
 * closed: an unreachable webhook denies.
 */
function gatekeeperWebhookConfiguration(
  manifests: readonly Record<string, unknown>[],
  url: string,
  caPem: string,
  everyObject: boolean,
): Record<string, unknown> {
  const shipped = manifests.find(
    (m) =>
      m["kind"] === "ValidatingWebhookConfiguration" &&
      (m["metadata"] as { name?: string }).name === "gatekeeper-validating-webhook-configuration",
  );
  const admit = ((shipped?.["webhooks"] ?? []) as Record<string, unknown>[]).find(
    (w) => w["name"] === "validation.gatekeeper.sh",
  );
  if (!shipped || !admit) throw new Error("Gatekeeper's manifest has no validation.gatekeeper.sh webhook");
  const ours = validatingWebhookConfiguration(
    "gatekeeper-validating-webhook-configuration",
    "validation.gatekeeper.sh",
    url,
    caPem,
    GATEKEEPER_TARGET,
  );
  const [webhook] = ours["webhooks"] as Record<string, unknown>[];
  return {
    ...ours,
    webhooks: [
      {
        ...admit,
        clientConfig: webhook!["clientConfig"],
        objectSelector: everyObject ? (admit["objectSelector"] ?? {}) : webhook!["objectSelector"],
        failurePolicy: "Fail",
        timeoutSeconds: 10,
      },
    ],
  };
}
