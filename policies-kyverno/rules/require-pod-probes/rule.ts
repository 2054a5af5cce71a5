import {
  and,
  defineRule,
  eq,
  exists,
  forEachContainer,
  msg,
  not,
  or,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";
import type { V1Container } from "@kubernetes/client-node";
import type { Ref } from "@tollgate/rule-dsl";

const PROBE = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 };

function hasProbe(c: Ref<V1Container>) {
  return or(exists(c.livenessProbe), exists(c.readinessProbe), exists(c.startupProbe));
}

/**
 * Every container, and every sidecar (an init container with `restartPolicy: Always`), defines a
 * liveness, readiness or startup probe.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container without probes",
        object: examplePod("no-probes", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose second container has no probe",
        object: exampleDeployment("one-unprobed", {
          containers: [exampleContainer("app", { readinessProbe: PROBE }), exampleContainer("sidecar")],
        }),
      },
      {
        title: "a CronJob container without probes",
        object: exampleCronJob("cronjob-no-probes", { containers: [exampleContainer("job")] }),
      },
      {
        title: "a sidecar (init container with restartPolicy Always) without probes",
        object: examplePod("sidecar-no-probes", {
          containers: [exampleContainer("app", { livenessProbe: PROBE })],
          initContainers: [exampleContainer("proxy", { restartPolicy: "Always" })],
        }),
      },
    ],
    allowed: [
      {
        title: "every container has a probe; plain init containers need none",
        object: examplePod("probed", {
          containers: [
            exampleContainer("app", { livenessProbe: PROBE, readinessProbe: PROBE }),
            exampleContainer("worker", { startupProbe: { exec: { command: ["true"] } } }),
          ],
          initContainers: [exampleContainer("migrate")],
        }),
      },
      {
        title: "a Deployment with a probed sidecar",
        object: exampleDeployment("probed-sidecar", {
          containers: [exampleContainer("app", { readinessProbe: PROBE })],
          initContainers: [exampleContainer("proxy", { restartPolicy: "Always", startupProbe: PROBE })],
        }),
      },
    ],
  },
  meta: {
    id: "require-pod-probes",
    anchor: "best-practices/require-probes",
    title: "Require Pod Probes",
    category: "Best Practices, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Liveness and readiness probes need to be configured to correctly manage a Pod's lifecycle during deployments, restarts, and upgrades. For each Pod, a periodic livenessProbe is performed by the kubelet to determine if the Pod's containers are running or need to be restarted. A readinessProbe is used by Services and Deployments to determine if the Pod is ready to receive network traffic. Every container in spec.containers, and every sidecar container (an init container with restartPolicy: Always), must define at least one of livenessProbe, readinessProbe or startupProbe. Plain init containers and ephemeral containers are not checked: Kubernetes forbids probes on them.",
    remediation: "Add a livenessProbe, readinessProbe or startupProbe to every container and sidecar.",
  },
  violations: () => [
    ...forEachContainer(
      (c) =>
        violation({
          when: not(hasProbe(c)),
          field: c.livenessProbe,
          message: msg`container ${c.name} has no probe: define a livenessProbe, readinessProbe or startupProbe`,
        }),
      ["containers"],
    ),
    ...forEachContainer(
      (c) =>
        violation({
          when: and(eq(read(c.restartPolicy, ""), "Always"), not(hasProbe(c))),
          field: c.livenessProbe,
          message: msg`sidecar container ${c.name} has no probe: define a livenessProbe, readinessProbe or startupProbe`,
        }),
      ["initContainers"],
    ),
  ],
});
