import {
  any,
  defineRule,
  forEachContainerWithNoun,
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

/** Every container image must start with one of the allowed repository prefixes. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an image from Docker Hub",
        object: examplePod("hub", { containers: [exampleContainer("app", { image: "nginx:1.27" })] }),
      },
      {
        title: "a look-alike registry host",
        object: exampleDeployment("lookalike", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal.evil.io/app:1" })],
        }),
      },
      {
        title: "an allowed prefix in the middle of another registry's path",
        object: examplePod("prefix-inside", {
          containers: [exampleContainer("app", { image: "evil.io/registry.aibos.internal/app:1" })],
        }),
      },
      {
        title: "an allowed prefix in the middle of an init container's image",
        object: examplePod("init-prefix-inside", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "evil.io/registry.aibos.internal/init:1" })],
        }),
      },
      {
        title: "an allowed prefix in the middle of an ephemeral container's image",
        object: examplePod("debug-prefix-inside", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [{ name: "debug", image: "evil.io/registry.aibos.internal/debug:1" }],
        }),
      },
    ],
    allowed: [
      {
        title: "every container list from either of two allowed registries",
        object: examplePod("two-registries", {
          containers: [exampleContainer("app", { image: "mirror.aibos.internal/app:1" })],
          initContainers: [exampleContainer("init", { image: "mirror.aibos.internal/init:1" })],
          ephemeralContainers: [{ name: "debug", image: "mirror.aibos.internal/debug:1" }],
        }),
        params: { repos: ["registry.aibos.internal/", "mirror.aibos.internal/"] },
      },
      {
        title: "every image from the internal registry",
        object: examplePod("internal", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init")],
        }),
      },
    ],
  },
  meta: {
    id: "k8sallowedrepos",
    anchor: "general/allowedrepos",
    constraintKind: "K8sAllowedRepos",
    title: "Allowed Repositories",
    category: "general",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Requires container images (containers, initContainers, ephemeralContainers) to begin with a string from the specified list. Use a trailing `/` in a prefix so that `registry.aibos.internal/` does not also admit `registry.aibos.internal.evil.io/`.",
    remediation: "Pull the image from an allowed registry, mirroring it there first if needed.",
  },
  params: {
    repos: param.stringList("The list of prefixes a container image is allowed to have.", [
      "registry.aibos.internal/",
    ]),
  },
  violations: ({ params }) =>
    forEachContainerWithNoun((c, noun) =>
      violation({
        when: not(any(params.repos, (r) => startsWith(read(c.image, ""), itself(r)))),
        field: c.image,
        message: msg`${noun} ${c.name} has an invalid image repo ${c.image}, allowed repos are ${join(params.repos, ", ")}`,
      }),
    ),
});
