import {
  defineRule,
  eq,
  exampleContainer,
  exampleCronJob,
  exampleDeployment,
  examplePod,
  forEachContainer,
  imagePart,
  msg,
  read,
  violation,
} from "@tollgate/rule-dsl";

const DIGEST = "@sha256:353c20f74d9b6aee359f30e8e4f69c3d7eaea2f610681c4a95849a2fd7c497f9";

/**
 * Every image (containers, initContainers, ephemeralContainers) must be pulled by digest: the
 * image reference must contain `@`, so a mutable tag cannot change what runs.
 */
export default defineRule({
  meta: {
    id: "require-image-checksum",
    anchor: "other/require-image-checksum",
    title: "Require Images Use Checksums",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Tags are mutable and can be moved to other content, so every image must be referenced by its digest. The image of every container in spec.containers, spec.initContainers and spec.ephemeralContainers (of a Pod or of a pod controller's template) must contain '@' (as in name@sha256:...); an image without one, or a container without an image, is a violation.",
    remediation:
      "Reference each image by digest, e.g. registry.example/app@sha256:<digest> (optionally keeping the tag: app:1.0@sha256:<digest>).",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(imagePart(read(c.image, ""), "digest"), ""),
        field: c.image,
        message: msg`container ${c.name} uses image "${c.image}" without a checksum: reference the image by digest (name@sha256:...) instead of a tag`,
      }),
    ),
  examples: {
    denied: [
      {
        title: "a container image referenced by tag",
        object: examplePod("by-tag", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an initContainer image without a digest (the app container has one)",
        object: examplePod("init-by-tag", {
          initContainers: [exampleContainer("init", { image: "busybox" })],
          containers: [exampleContainer("app", { image: `registry.aibos.internal/app${DIGEST}` })],
        }),
      },
      {
        title: "a CronJob whose container image has no digest",
        object: exampleCronJob("cron-by-tag", {
          containers: [exampleContainer("job", { image: "busybox:1.36" })],
        }),
      },
    ],
    allowed: [
      {
        title: "every image, init containers included, is pulled by digest",
        object: examplePod("by-digest", {
          initContainers: [exampleContainer("init", { image: `busybox${DIGEST}` })],
          containers: [exampleContainer("app", { image: `registry.aibos.internal/app:1.0.0${DIGEST}` })],
        }),
      },
      {
        title: "a Deployment with a digest-pinned image",
        object: exampleDeployment("deploy-by-digest", {
          containers: [exampleContainer("app", { image: `nginx${DIGEST}` })],
        }),
      },
    ],
  },
});
