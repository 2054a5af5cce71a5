import { defineRule, gt, msg, read, size, violation, examplePod, exampleContainer } from "@tollgate/rule-dsl";

/** A pod spec may not carry ephemeral (debug) containers; an empty list passes. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Pod with an ephemeral container",
        object: examplePod("debugged", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [
            { name: "debug", image: "registry.aibos.internal/debug:1", targetContainerName: "app" },
          ],
        }),
      },
      {
        title: "ephemeral containers next to init containers and no regular ones",
        object: examplePod("debugged-init", {
          initContainers: [exampleContainer("prepare")],
          containers: [],
          ephemeralContainers: [{ name: "debug", image: "registry.aibos.internal/debug:1" }],
        }),
      },
    ],
    allowed: [
      {
        title: "containers and init containers only",
        object: examplePod("plain", {
          initContainers: [exampleContainer("prepare")],
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "an empty ephemeralContainers list",
        object: examplePod("empty-ephemeral", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [],
        }),
      },
    ],
  },
  meta: {
    id: "block-ephemeral-containers",
    anchor: "other/block-ephemeral-containers",
    title: "Block Ephemeral Containers",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Ephemeral containers, enabled by default in Kubernetes 1.23, allow users to use the kubectl debug functionality and attach a temporary container to an existing Pod. This may potentially be used to gain access to unauthorized information executing inside one or more containers in that Pod. The pod spec must not list any ephemeralContainers. Limit: the generated policies match the Pod itself, not the pods/ephemeralcontainers subresource that kubectl debug writes to, so at admission this rule sees ephemeral containers in manifests and in Pod creates and updates, not those added by kubectl debug.",
    remediation:
      "Remove spec.ephemeralContainers; debug with a separate Pod or with logs and metrics instead of kubectl debug.",
  },
  violations: ({ pod }) => [
    violation({
      when: gt(size(read(pod.ephemeralContainers, [])), 0),
      field: pod.ephemeralContainers,
      message: msg`Ephemeral (debug) containers are not permitted: remove ephemeralContainers from the pod spec`,
    }),
  ],
});
