import {
  and,
  defineRule,
  eq,
  forEachContainer,
  imagePart,
  isIn,
  join,
  msg,
  not,
  param,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** Container images must carry a tag, and not one of the disallowed tags. */
export default defineRule({
  examples: withExemptImagesExamples(
    {
      denied: [
        {
          title: "an init container with a disallowed tag",
          object: examplePod("init-latest", {
            containers: [exampleContainer("app")],
            initContainers: [exampleContainer("init", { image: "registry.aibos.internal/init:latest" })],
          }),
        },
        {
          title: "an image tagged latest",
          object: examplePod("latest", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app:latest" })],
          }),
        },
        {
          title: "an image without a tag",
          object: exampleDeployment("untagged", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app" })],
          }),
        },
        {
          title: "a registry port and no tag: the colon belongs to the host",
          object: examplePod("port-no-tag", {
            containers: [exampleContainer("app", { image: "openpolicyagent:443/opa" })],
          }),
        },
        {
          title: "a disallowed tag beside a digest",
          object: examplePod("latest-digest", {
            containers: [
              exampleContainer("app", { image: `host:5000/team/app:latest@sha256:${"a".repeat(64)}` }),
            ],
          }),
        },
        {
          title: "a digest and no tag",
          object: examplePod("digest-only", {
            initContainers: [
              exampleContainer("init", { image: `host:5000/team/app@sha256:${"b".repeat(64)}` }),
            ],
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app:1.4.2" })],
          }),
        },
      ],
      allowed: [
        {
          title: "a version tag",
          object: examplePod("pinned", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app:1.4.2" })],
          }),
        },
        {
          title: "tags that only contain or resemble a disallowed one, and a version tag beside a digest",
          object: examplePod("near-latest", {
            containers: [
              exampleContainer("port", { image: "host:5000/team/app:1.2.3" }),
              exampleContainer("digest", { image: `host:5000/team/app:1.2.3@sha256:${"c".repeat(64)}` }),
              exampleContainer("prefix", { image: "app:notlatest" }),
              exampleContainer("suffix", { image: "app:latest-extra" }),
              exampleContainer("case", { image: "app:Latest" }),
            ],
          }),
        },
        {
          title: "an exempt image",
          object: examplePod("exempt", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/tools/shell:latest" })],
          }),
          params: { exemptImages: ["registry.aibos.internal/tools/*"] },
        },
        {
          title: "with no disallowed tags, latest is allowed",
          object: examplePod("no-disallowed-tags", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app:latest" })],
          }),
          params: { tags: [] },
        },
      ],
    },
    { tag: "latest" },
  ),
  meta: {
    id: "k8sdisallowedtags",
    anchor: "general/disallowedtags",
    constraintKind: "K8sDisallowedTags",
    title: "Disallowed Tags",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires container images (containers, initContainers, ephemeralContainers) to have an image tag different from the ones in the specified list. The tag is read as a container runtime reads the reference: after the last `/`, before any `@digest` (so in `openpolicyagent:443/opa` the `:` belongs to the registry host and there is no tag). An image without a tag is denied too, since it means `latest`, even with a digest; a disallowed tag is denied even beside a digest.",
    remediation: "Pin the image to a version tag that is not in the list.",
  },
  params: {
    tags: param.stringList("Disallowed container image tags.", ["latest"]),
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) => {
      const image = read(c.image, "");
      const notExempt = not(isExemptImage(image, params.exemptImages));
      return [
        violation({
          when: and(notExempt, isIn(imagePart(image, "tag"), params.tags)),
          field: c.image,
          message: msg`container ${c.name} uses a disallowed tag ${c.image}; disallowed tags are ${join(params.tags, ", ")}`,
        }),
        violation({
          when: and(notExempt, eq(imagePart(image, "tag"), "")),
          field: c.image,
          message: msg`container ${c.name} didn't specify an image tag ${c.image}: pin a version tag`,
        }),
      ];
    }),
});
