import {
  at,
  defineRule,
  exists,
  forEachContainer,
  msg,
  not,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every container in `spec.containers` sets CPU and memory requests and a memory limit. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container without resources",
        object: examplePod("no-resources", { containers: [exampleContainer("app")] }),
      },
      {
        title: "requests but no memory limit",
        object: examplePod("no-limit", {
          containers: [
            exampleContainer("app", { resources: { requests: { cpu: "100m", memory: "128Mi" } } }),
          ],
        }),
      },
      {
        title: "a Deployment whose second container has no CPU request",
        object: exampleDeployment("no-cpu-request", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
            }),
            exampleContainer("sidecar", {
              resources: { requests: { memory: "64Mi" }, limits: { memory: "64Mi" } },
            }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "CPU and memory requests and a memory limit on every container",
        object: exampleDeployment("sized", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { memory: "256Mi" } },
            }),
            exampleContainer("sidecar", {
              resources: {
                requests: { cpu: "50m", memory: "50Mi" },
                limits: { cpu: "100m", memory: "100Mi" },
              },
            }),
          ],
        }),
      },
      {
        title: "init and ephemeral containers are not checked",
        object: examplePod("unsized-init", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
            }),
          ],
          initContainers: [exampleContainer("init")],
          ephemeralContainers: [{ name: "debug", image: "busybox:1.36" }],
        }),
      },
    ],
  },
  meta: {
    id: "require-requests-limits",
    anchor: "best-practices/require-pod-requests-limits",
    title: "Require Limits and Requests",
    category: "Best Practices, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "As application workloads share cluster resources, it is important to limit resources requested and consumed by each Pod. It is recommended to require resource requests and limits per Pod, especially for memory and CPU. If a Namespace level request or limit is specified, defaults will automatically be applied to each Pod based on the LimitRange configuration. Every container in spec.containers must set resources.requests.memory, resources.requests.cpu and resources.limits.memory.",
    remediation:
      "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container.",
  },
  violations: () =>
    forEachContainer(
      (c) => [
        violation({
          when: not(exists(at(c.resources.requests, "memory"))),
          field: at(c.resources.requests, "memory"),
          message: msg`container ${c.name} has no memory request: set resources.requests.memory`,
        }),
        violation({
          when: not(exists(at(c.resources.requests, "cpu"))),
          field: at(c.resources.requests, "cpu"),
          message: msg`container ${c.name} has no CPU request: set resources.requests.cpu`,
        }),
        violation({
          when: not(exists(at(c.resources.limits, "memory"))),
          field: at(c.resources.limits, "memory"),
          message: msg`container ${c.name} has no memory limit: set resources.limits.memory`,
        }),
      ],
      ["containers"],
    ),
});
