import {
  and,
  any,
  defineRule,
  exists,
  forEachContainer,
  itself,
  join,
  msg,
  param,
  read,
  startsWith,
  violation,
  type ContainerList,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** No container image may start with a disallowed repository prefix. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container image from the second of two disallowed registries",
        object: examplePod("second-disallowed", {
          containers: [exampleContainer("app", { image: "docker.io/library/nginx:1" })],
        }),
        params: { repos: ["registry.k8s.io/", "docker.io/"] },
      },
      {
        title: "an init container image from the second of two disallowed registries",
        object: examplePod("init-second-disallowed", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "docker.io/library/busybox:1.36" })],
        }),
        params: { repos: ["registry.k8s.io/", "docker.io/"] },
      },
      {
        title: "an image from a disallowed registry",
        object: examplePod("k8s-registry", {
          containers: [exampleContainer("app", { image: "registry.k8s.io/kustomize/kustomize:v5.4.3" })],
        }),
      },
      {
        title: "an init container of a Deployment from a disallowed registry",
        object: exampleDeployment("init-k8s-registry", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "registry.k8s.io/busybox:1.36" })],
        }),
      },
      {
        title: "an ephemeral container from another disallowed prefix",
        object: examplePod("debug", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [{ name: "debug", image: "docker.io/library/busybox:1.36" }],
        }),
        params: { repos: ["registry.k8s.io/", "docker.io/"] },
      },
    ],
    allowed: [
      {
        title: "a disallowed registry in the middle of an image name, in every container list",
        object: examplePod("registry-inside", {
          containers: [exampleContainer("app", { image: "evil.io/registry.k8s.io/nginx:1" })],
          initContainers: [exampleContainer("init", { image: "xregistry.k8s.io/busybox:1" })],
          ephemeralContainers: [{ name: "debug", image: "xregistry.k8s.io/debug:1" }],
        }),
      },
      {
        title: "images from the internal registry",
        object: examplePod("internal", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "a look-alike prefix without its trailing slash is not the disallowed one",
        object: examplePod("lookalike", {
          containers: [exampleContainer("app", { image: "registry.k8s.io.mirror.aibos.internal/pause:3.9" })],
        }),
      },
    ],
  },
  meta: {
    id: "k8sdisallowedrepos",
    anchor: "general/disallowedrepos",
    constraintKind: "K8sDisallowedRepos",
    title: "Disallowed Repositories",
    category: "general",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Disallows container images (containers, initContainers, ephemeralContainers) that begin with a string from `repos`. End each prefix with `/` so that `registry.k8s.io/` does not also match `registry.k8s.io.example.com/`.",
    remediation: "Pull the image from an allowed registry, mirroring it there first if needed.",
  },
  params: {
    repos: param.stringList("The list of prefixes a container image is not allowed to have.", [
      "registry.k8s.io/",
    ]),
  },
  violations: ({ params }) => {
    const list = (lists: ContainerList, label: string) =>
      forEachContainer(
        (c) =>
          violation({
            when: and(
              exists(c.image),
              any(params.repos, (r) => startsWith(read(c.image, ""), itself(r))),
            ),
            field: c.image,
            message: msg`${label} <${c.name}> has an invalid image repo <${c.image}>, disallowed repos are ${join(params.repos, ", ")}: pull the image from another registry`,
          }),
        [lists],
      );
    return [
      ...list("containers", "container"),
      ...list("initContainers", "initContainer"),
      ...list("ephemeralContainers", "ephemeralContainer"),
    ];
  },
});
