import { join } from "node:path";
import { Agent, request } from "node:https";
import { findFreePort, requireTool, requireToolAsset, startBackgroundProcess } from "@tollgate/toolchain";
import type { ControlPlane } from "./control-plane.js";
import { installCustomResourceDefinitions } from "./gatekeeper.js";
import { customResourceDefinitions, readManifests } from "./manifests.js";
import { waitUntil } from "./wait-until.js";

/** The namespace Kyverno's admission controller believes it runs in. */
export const KYVERNO_NAMESPACE = "kyverno";

/** The CRD folders of Kyverno's module that its admission controller waits for at start-up. */
const KYVERNO_CRD_FOLDERS = ["kyverno", "policies.kyverno.io", "reports"];

/**
 * Starts Kyverno's admission controller (pinned, `./cmd/kyverno`) as a local process against the
 * control plane. Out of a cluster it is told where it listens (`--serverIP=127.0.0.1:PORT`): it
 * then makes its own CA and a serving certificate for 127.0.0.1, and registers its own
 * ValidatingWebhookConfigurations with URLs on that address (one per policy set, `/vpol/...`
 * for ValidatingPolicies, failure policy from the policy). Reports, exceptions, metrics and the
 * TUF root are off: nothing but admission runs. Stopped with the control plane.
 *
 * @param cluster - the control plane
 * @param options - `allowInsecureRegistry`: let image verification read a plain-HTTP registry (a
 *   test registry on 127.0.0.1)
 * @returns the webhook server's base URL
 */
export async function startKyverno(
  cluster: ControlPlane,
  options: { readonly allowInsecureRegistry?: boolean } = {},
): Promise<{ readonly url: string }> {
  const binary = await requireTool("kyverno-admission");
  const crdDir = await requireToolAsset("kyverno-admission", "share/crds");
  const crds = KYVERNO_CRD_FOLDERS.flatMap((folder) =>
    customResourceDefinitions(readManifests(join(crdDir, folder))),
  );
  await installCustomResourceDefinitions(cluster, crds);
  await cluster.createNamespace(KYVERNO_NAMESPACE);
  const port = await findFreePort();
  const url = `https://127.0.0.1:${port}`;
  const controller = startBackgroundProcess(
    binary,
    [
      `--kubeconfig=${cluster.kubeconfigFile}`,
      `--serverIP=127.0.0.1:${port}`,
      "--webhookServerHost=127.0.0.1",
      `--webhookServerPort=${port}`,
      "--caSecretName=kyverno-svc.kyverno.svc.kyverno-tls-ca",
      "--tlsSecretName=kyverno-svc.kyverno.svc.kyverno-tls-pair",
      "--admissionReports=false",
      "--enablePolicyException=false",
      "--enableTuf=false",
      "--imageVerifyCacheEnabled=false",
      "--disableMetrics=true",
      "--otelConfig=none",
      "--controllerRuntimeMetricsAddress=0",
      "--generateValidatingAdmissionPolicy=false",
      "--autoUpdateWebhooks=true",
      ...(options.allowInsecureRegistry ? ["--allowInsecureRegistry=true"] : []),
    ],
    {
      name: "kyverno",
      logFile: join(cluster.dir, "kyverno.log"),
      env: {
        KYVERNO_NAMESPACE,
        KYVERNO_SERVICEACCOUNT_NAME: "kyverno",
        KYVERNO_DEPLOYMENT: "kyverno",
        KYVERNO_POD_NAME: "kyverno-local",
        INIT_CONFIG: "kyverno",
        METRICS_CONFIG: "kyverno-metrics",
      },
    },
  );
  cluster.adopt(controller);
  // Its certificate is signed by a CA it made itself: the readiness probe cannot verify it, and
  // only asks whether the server is up.
  const insecure = new Agent({ rejectUnauthorized: false });
  try {
    await waitUntil(
      "Kyverno's admission controller to be ready",
      async () => {
        if (controller.exited()) throw new Error(`kyverno exited: ${controller.output()}`);
        return (await probe(`${url}/health/readiness`, insecure)) === 200;
      },
      300_000,
      500,
    );
  } finally {
    insecure.destroy();
  }
  // The webhook for policies themselves must exist before a ValidatingPolicy is created, so
  // that Kyverno validates what we create.
  await waitUntil(
    "Kyverno to register its policy webhook",
    async () =>
      (await cluster.client.get(
        "admissionregistration.k8s.io/v1",
        "ValidatingWebhookConfiguration",
        "kyverno-policy-validating-webhook-cfg",
      )) !== undefined,
    120_000,
    500,
  );
  return { url };
}

function probe(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}
