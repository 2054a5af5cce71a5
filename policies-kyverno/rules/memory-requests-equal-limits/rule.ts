import {
  and,
  at,
  defineRule,
  exists,
  forEachContainer,
  isQuantity,
  msg,
  not,
  or,
  quantity,
  read,
  violation,
  examplePod,
  exampleCronJob,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * A container in `spec.containers` that requests memory must set a memory limit of the same
 * quantity (`1Gi` equals `1024Mi`); a container without a memory request passes.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a memory request below the limit",
        object: examplePod("memory-burstable", {
          containers: [
            exampleContainer("app", {
              resources: {
                requests: { memory: "64Mi", cpu: "250m" },
                limits: { memory: "128Mi", cpu: "500m" },
              },
            }),
          ],
        }),
      },
      {
        title: "a memory request without a limit",
        object: examplePod("memory-request-only", {
          containers: [exampleContainer("app", { resources: { requests: { memory: "128Mi" } } })],
        }),
      },
      {
        title: "a Deployment whose second container's request differs from its limit",
        object: exampleDeployment("memory-second", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { memory: "120Mi" }, limits: { memory: "120Mi" } },
            }),
            exampleContainer("sidecar", {
              resources: { requests: { memory: "100Mi" }, limits: { memory: "150Mi" } },
            }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "memory requests equal limits",
        object: exampleCronJob("memory-equal", {
          containers: [
            exampleContainer("job", {
              resources: {
                requests: { memory: "1000m", cpu: "100m" },
                limits: { memory: "1000m", cpu: "100m" },
              },
            }),
          ],
        }),
      },
      {
        title: "the same quantity written two ways",
        object: examplePod("memory-same-quantity", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { memory: "1Gi" }, limits: { memory: "1024Mi" } },
            }),
          ],
        }),
      },
      {
        title: "a memory limit without a request (the request defaults to the limit)",
        object: examplePod("memory-limit-only", {
          containers: [exampleContainer("app", { resources: { limits: { memory: "128Mi" } } })],
        }),
      },
      {
        title:
          "no memory request at all, and an init container that differs (only spec.containers is checked)",
        object: examplePod("memory-unset", {
          initContainers: [
            exampleContainer("prepare", {
              resources: { requests: { memory: "64Mi" }, limits: { memory: "128Mi" } },
            }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "memory-requests-equal-limits",
    anchor: "other/memory-requests-equal-limits",
    title: "Memory Requests Equal Limits",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Pods which have memory limits equal to requests could be given a QoS class of Guaranteed if they also set CPU limits equal to requests. Guaranteed is the highest schedulable class. Every container in spec.containers that sets resources.requests.memory must set resources.limits.memory to the same quantity (compared by value: 1Gi equals 1024Mi). A container without a memory request passes: Kubernetes defaults the request to the limit.",
    remediation: "Set resources.limits.memory equal to resources.requests.memory on every container.",
  },
  // Upstream keeps this rule out of background scans.
  match: { background: false },
  violations: () =>
    forEachContainer(
      (c) => {
        const request = at(c.resources.requests, "memory");
        const limit = at(c.resources.limits, "memory");
        return violation({
          when: and(
            exists(request),
            or(
              not(isQuantity(read(limit, ""))),
              not(isQuantity(read(request, ""))),
              quantity.ne(read(request, ""), read(limit, "")),
            ),
          ),
          field: limit,
          message: msg`container ${c.name} has resources.requests.memory different from resources.limits.memory: set the memory limit equal to the request`,
        });
      },
      ["containers"],
    ),
});
