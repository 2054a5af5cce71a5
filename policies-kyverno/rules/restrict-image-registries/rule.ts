import {
  any,
  defineRule,
  forEachContainer,
  itself,
  join,
  msg,
  not,
  param,
  read,
  startsWith,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every image starts with one of the allowed registry prefixes. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an allowed registry in the middle of an init container's image",
        object: examplePod("init-registry-inside", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "evil.io/registry.aibos.internal/nginx:1" })],
        }),
      },
      {
        title: "an image from Docker Hub (no registry)",
        object: examplePod("docker-hub", { containers: [exampleContainer("app", { image: "nginx:1.27" })] }),
      },
      {
        title: "a Deployment with an init container from a public registry",
        object: exampleDeployment("public-init", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "registry.k8s.io/busybox:1.36" })],
        }),
      },
      {
        title: "a look-alike registry host",
        object: examplePod("look-alike", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal.evil.io/app:1.0.0" })],
        }),
      },
      {
        title: "an ephemeral container from an unknown registry",
        object: examplePod("ephemeral-public", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [{ name: "debug", image: "docker.io/library/busybox:1.36" }],
        }),
      },
    ],
    allowed: [
      {
        title: "every image from the internal registry",
        object: examplePod("internal", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "registries given as a parameter",
        object: examplePod("param-registries", {
          containers: [
            exampleContainer("app", { image: "eu.foo.io/nginx:1.27" }),
            exampleContainer("side", { image: "bar.io/busybox:1.36" }),
          ],
        }),
        params: { registries: ["eu.foo.io/", "bar.io/"] },
      },
    ],
  },
  meta: {
    id: "restrict-image-registries",
    anchor: "best-practices/restrict-image-registries",
    title: "Restrict Image Registries",
    category: "Best Practices, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Images from unknown, public registries can be of dubious quality and may not be scanned and secured, representing a high degree of risk. Requiring use of known, approved registries helps reduce threat exposure by ensuring image pulls only come from them. The image of every container (containers, initContainers, ephemeralContainers) must start with one of the registries parameter's prefixes (by default `registry.aibos.internal/`); end a prefix with `/` so that a look-alike host does not match. Limit: ephemeral containers added with kubectl debug go through the pods/ephemeralcontainers subresource, which the generated policies do not match.",
    remediation: "Pull the image from an approved registry, mirroring it there first if needed.",
  },
  params: {
    registries: param.stringList(
      "The image prefixes (registry host and `/`, optionally a path) images may start with.",
      ["registry.aibos.internal/"],
    ),
  },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: not(any(params.registries, (r) => startsWith(read(c.image, ""), itself(r)))),
        field: c.image,
        message: msg`container ${c.name} uses an image from an unknown registry (${c.image}): use one of ${join(params.registries, ", ")}`,
      }),
    ),
});
