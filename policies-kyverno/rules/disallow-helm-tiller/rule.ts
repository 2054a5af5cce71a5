import {
  contains,
  defineRule,
  forEachContainer,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** No container image may contain the name `tiller`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a debug container with tiller in its image",
        object: examplePod("debug-tiller", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [{ name: "debug", image: "registry.aibos.internal/helm/tiller:2.16" }],
        }),
      },
      {
        title: "a Tiller container",
        object: examplePod("tiller", {
          containers: [exampleContainer("tiller", { image: "ghcr.io/helm/tiller:v2.17.0" })],
        }),
      },
      {
        title: "a Deployment with a Tiller init container",
        object: exampleDeployment("tiller-init", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("tiller-init", { image: "docker.io/tiller:latest" })],
        }),
      },
    ],
    allowed: [
      {
        title: "no image mentions tiller",
        object: examplePod("no-tiller", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "registry.aibos.internal/helm:3.16.0" })],
        }),
      },
    ],
  },
  meta: {
    id: "disallow-helm-tiller",
    anchor: "best-practices/disallow-helm-tiller",
    title: "Disallow Helm Tiller",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Tiller, found in Helm v2, has known security challenges. It requires administrative privileges and acts as a shared resource accessible to any authenticated user. Tiller can lead to privilege escalation as restricted users can impact other users. It is recommended to use Helm v3+ which does not contain Tiller for these reasons. No container (containers, initContainers, ephemeralContainers) may have an image containing the name `tiller`.",
    remediation:
      "Remove the Tiller container and deploy with Helm v3 or later, which needs no in-cluster component.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: contains(read(c.image, ""), "tiller"),
        field: c.image,
        message: msg`container ${c.name} runs Helm Tiller (${c.image}): remove it and use Helm v3 or later`,
      }),
    ),
});
