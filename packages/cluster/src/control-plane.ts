import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  findFreePort,
  reapOrphanedProcesses,
  requireTool,
  startBackgroundProcess,
  type BackgroundProcess,
} from "@tollgate/toolchain";
import { makeClusterCertificates, type ClusterCertificates } from "./certificates.js";
import { KubeApiError, KubeClient } from "./kube-client.js";
import { waitUntil } from "./wait-until.js";

/** A running API server on etcd, for one test run. */
export interface ControlPlane {
  /** `https://127.0.0.1:PORT`. */
  readonly server: string;
  /** A client with the admin certificate. */
  readonly client: KubeClient;
  /** The run's certificates (its CA signs the webhooks' serving certificate too). */
  readonly certificates: ClusterCertificates;
  /** A kubeconfig file for the admin, for `kubectl` and for the webhooks' managers. */
  readonly kubeconfigFile: string;
  /** The run's folder (certificates, etcd data, logs); removed by {@link ControlPlane.stop}. */
  readonly dir: string;
  /**
   * Creates a namespace with its `default` ServiceAccount (there is no controller-manager to make it).
   *
   * @param name - the namespace
   * @param labels - its labels
   */
  createNamespace(name: string, labels?: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Registers a process that belongs to this control plane (a webhook), stopped before the API server.
   *
   * @param process - the process
   */
  adopt(process: BackgroundProcess): void;
  /** Stops every process it started (webhooks, then the API server, then etcd) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startControlPlane}. */
export interface ControlPlaneOptions {
  /** Milliseconds to wait for `/readyz`; default 120 s. */
  readonly readyTimeoutMs?: number;
  /** Keep the run's folder (logs) after stopping, for a post-mortem. */
  readonly keepDir?: boolean;
}

function kubeconfigOf(server: string, certificates: ClusterCertificates): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: tollgate-test",
    "    cluster:",
    `      server: ${server}`,
    `      certificate-authority: ${certificates.caFile}`,
    "users:",
    "  - name: admin",
    "    user:",
    `      client-certificate: ${certificates.adminCertFile}`,
    `      client-key: ${certificates.adminKeyFile}`,
    "contexts:",
    "  - name: tollgate-test",
    "    context: { cluster: tollgate-test, user: admin }",
    "current-context: tollgate-test",
    "",
  ].join("\n");
}

async function startEtcd(dir: string): Promise<{ process: BackgroundProcess; url: string }> {
  const binary = await requireTool("etcd");
  const clientPort = await findFreePort();
  const peerPort = await findFreePort();
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const etcd = startBackgroundProcess(
    binary,
    [
      "--name=tollgate",
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=tollgate=${peer}`,
      "--log-level=warn",
    ],
    { name: "etcd", logFile: join(dir, "etcd.log") },
  );
  await waitUntil(
    "etcd to answer /health",
    async () => {
      if (etcd.exited()) throw new Error(`etcd exited: ${etcd.output()}`);
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    30_000,
  );
  return { process: etcd, url };
}

/**
 * Starts etcd and `kube-apiserver` (both pinned, from the tool cache) on free ports of
 * 127.0.0.1, with a CA and an admin certificate made for the run, and waits for `/readyz`.
 * Privileged Pods are allowed by the API server (`--allow-privileged=true`), so that a policy,
 * not built-in validation, is what refuses them. There is no controller-manager and no node:
 * objects are judged and stored, never run.
 *
 * @param options - readiness timeout
 * @returns the running control plane; stop it in a `finally` or an `afterAll`
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  reapOrphanedProcesses();
  const apiServerBinary = await requireTool("kube-apiserver");
  const dir = mkdtempSync(join(tmpdir(), "tollgate-cluster-"));
  const processes: BackgroundProcess[] = [];
  let client: KubeClient | undefined;
  const stop = async (): Promise<void> => {
    client?.close();
    // Webhooks first, then the API server, then its store.
    for (const p of processes.splice(0).reverse()) await p.stop(10_000);
    if (!options.keepDir && !process.env["TOLLGATE_KEEP_CLUSTER"])
      rmSync(dir, { recursive: true, force: true });
  };
  try {
    const certificates = await makeClusterCertificates(join(dir, "pki"));
    const etcd = await startEtcd(dir);
    processes.push(etcd.process);
    const port = await findFreePort();
    const server = `https://127.0.0.1:${port}`;
    const apiServer = startBackgroundProcess(
      apiServerBinary,
      [
        `--etcd-servers=${etcd.url}`,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${port}`,
        `--tls-cert-file=${certificates.servingCertFile}`,
        `--tls-private-key-file=${certificates.servingKeyFile}`,
        `--client-ca-file=${certificates.caFile}`,
        "--service-account-issuer=https://kubernetes.default.svc",
        `--service-account-key-file=${certificates.serviceAccountKeyFile}`,
        `--service-account-signing-key-file=${certificates.serviceAccountKeyFile}`,
        "--service-cluster-ip-range=10.96.0.0/16",
        "--authorization-mode=RBAC",
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
        "--profiling=false",
        `--cert-dir=${join(dir, "apiserver-certs")}`,
      ],
      { name: "kube-apiserver", logFile: join(dir, "kube-apiserver.log") },
    );
    processes.push(apiServer);
    mkdirSync(join(dir, "apiserver-certs"), { recursive: true });
    const kubeconfigFile = join(dir, "kubeconfig");
    writeFileSync(kubeconfigFile, kubeconfigOf(server, certificates));
    client = new KubeClient({
      server,
      caFile: certificates.caFile,
      certFile: certificates.adminCertFile,
      keyFile: certificates.adminKeyFile,
    });
    const admin = client;
    await waitUntil(
      "kube-apiserver to answer /readyz",
      async () => {
        if (apiServer.exited()) throw new Error(`kube-apiserver exited: ${apiServer.output()}`);
        try {
          return (await admin.send("GET", "/readyz")).status === 200;
        } catch {
          return false;
        }
      },
      options.readyTimeoutMs ?? 120_000,
    );
    const createNamespace = async (
      name: string,
      labels: Readonly<Record<string, string>> = {},
    ): Promise<void> => {
      const ns = await admin.create({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
      if (ns.status !== 201 && ns.status !== 409) throw new KubeApiError(`create namespace ${name}`, ns);
      const sa = await admin.create({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace: name },
      });
      if (sa.status !== 201 && sa.status !== 409)
        throw new KubeApiError(`create ${name}/default ServiceAccount`, sa);
    };
    for (const ns of ["default", "kube-system", "kube-public"]) await createNamespace(ns);
    return {
      server,
      client,
      certificates,
      kubeconfigFile,
      dir,
      createNamespace,
      adopt: (p) => processes.push(p),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Runs `fn` with a fresh control plane and stops it afterwards, whether `fn` succeeds or throws.
 *
 * @param fn - the work that needs a cluster
 * @param options - as for {@link startControlPlane}
 * @returns what `fn` returns
 */
export async function withControlPlane<T>(
  fn: (cluster: ControlPlane) => Promise<T>,
  options: ControlPlaneOptions = {},
): Promise<T> {
  const cluster = await startControlPlane(options);
  try {
    return await fn(cluster);
  } finally {
    await cluster.stop();
  }
}
