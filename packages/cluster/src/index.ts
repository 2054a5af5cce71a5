/**
 * A real Kubernetes control plane for tests: etcd and the API server on free ports of
 * 127.0.0.1 with a CA made for the run, and optionally Gatekeeper's manager and Kyverno's
 * admission controller as local processes registered as admission webhooks. Everything it
 * starts is stopped by PID when the run ends, fails or is killed.
 *
 * @example
 * ```ts
 * import { startGatekeeper, withControlPlane } from "@tollgate/cluster";
 * await withControlPlane(async (cluster) => {
 *   await startGatekeeper(cluster);
 *   const answer = await cluster.client.create(pod, { dryRun: true });
 * });
 * ```
 * @packageDocumentation
 */
export { makeClusterCertificates, type ClusterCertificates } from "./certificates.js";
export {
  startControlPlane,
  withControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
} from "./control-plane.js";
export {
  GATEKEEPER_NAMESPACE,
  GATEKEEPER_TARGET,
  installCustomResourceDefinitions,
  startGatekeeper,
} from "./gatekeeper.js";
export {
  KubeApiError,
  KubeClient,
  statusMessage,
  type KubeAnswer,
  type KubeClientOptions,
  type KubeObject,
  type WriteOptions,
} from "./kube-client.js";
export { ARGO_ROLLOUTS_NAMESPACE, installArgoRolloutsCrds, startArgoRollouts } from "./argo-rollouts.js";
export { FLUX_NAMESPACE, startFlux, type FluxControllers } from "./flux.js";
export { KYVERNO_NAMESPACE, startKyverno } from "./kyverno.js";
export { kustomizeBuild } from "./kustomize.js";
export { customResourceDefinitions, readManifests } from "./manifests.js";
export { waitUntil } from "./wait-until.js";
export { TARGET_LABEL, validatingWebhookConfiguration } from "./webhook-configuration.js";
