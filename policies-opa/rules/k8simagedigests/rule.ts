import {
  and,
  defineRule,
  forEachContainer,
  matches,
  msg,
  not,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  type ContainerList,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * A digest `@algorithm:encoded` anywhere in the image reference, as the template's pattern (the
 * template also admits `=` in the encoded part, which is outside the portable regex subset).
 */
const DIGEST = "@[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9_-]+";

const PINNED =
  "registry.aibos.internal/app@sha256:4c1e7e2f1d0a6b3c5e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";

/** Container images must be pinned by digest. */
export default defineRule({
  examples: withExemptImagesExamples(
    {
      denied: [
        {
          title: "an image referenced by tag only",
          object: examplePod("tag-only", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/app:1.0.0" })],
          }),
        },
        {
          title: "an init container of a Deployment without a digest",
          object: exampleDeployment("init-tag", {
            containers: [exampleContainer("app", { image: PINNED })],
            initContainers: [exampleContainer("init", { image: "registry.aibos.internal/init:2" })],
          }),
        },
        {
          title: "an ephemeral container without a digest",
          object: examplePod("debug", {
            containers: [exampleContainer("app", { image: PINNED })],
            ephemeralContainers: [{ name: "debug", image: "registry.aibos.internal/tools/shell:1" }],
          }),
        },
      ],
      allowed: [
        {
          title: "every image pinned by digest, with or without a tag",
          object: examplePod("pinned", {
            containers: [exampleContainer("app", { image: PINNED })],
            initContainers: [
              exampleContainer("init", { image: `registry.aibos.internal/init:2@sha256:${"ab".repeat(32)}` }),
            ],
          }),
        },
        {
          title: "an exempt image",
          object: examplePod("exempt", {
            containers: [exampleContainer("app", { image: "registry.aibos.internal/tools/shell:1" })],
          }),
          params: { exemptImages: ["registry.aibos.internal/tools/*"] },
        },
        {
          title: "an ephemeral container pinned by digest",
          object: examplePod("debug-pinned", {
            containers: [exampleContainer("app", { image: PINNED })],
            ephemeralContainers: [{ name: "debug", image: PINNED }],
          }),
        },
      ],
    },
    // Each container list tests exemption on its own.
    {
      from: [
        { example: 0, list: "containers" },
        { example: 1, list: "initContainers" },
        { example: 2, list: "ephemeralContainers" },
      ],
    },
  ),
  meta: {
    id: "k8simagedigests",
    anchor: "general/imagedigests",
    constraintKind: "K8sImageDigests",
    title: "Image Digests",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires container images (containers, initContainers, ephemeralContainers) to contain a digest: `@algorithm:encoded`, such as `@sha256:…`, anywhere in the reference; a tag alone is not enough. Images in `exemptImages` are not checked.",
    remediation: "Reference each image by digest (`registry/repository@sha256:…`, optionally after the tag).",
  },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) => {
    const list = (lists: ContainerList, label: string) =>
      forEachContainer(
        (c) =>
          violation({
            when: and(
              not(isExemptImage(read(c.image, ""), params.exemptImages)),
              not(matches(read(c.image, ""), DIGEST)),
            ),
            field: c.image,
            message: msg`${label} <${c.name}> uses an image without a digest <${c.image}>: reference it as image@sha256:<digest>`,
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
