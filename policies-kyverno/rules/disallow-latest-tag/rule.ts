import {
  and,
  defineRule,
  eq,
  forEachContainer,
  imagePart,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every image names a tag or a digest, and a tag without a digest is not `latest`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an image without a tag",
        object: examplePod("no-tag", { containers: [exampleContainer("app", { image: "nginx" })] }),
      },
      {
        title: "an image tagged latest",
        object: examplePod("latest", { containers: [exampleContainer("app", { image: "nginx:latest" })] }),
      },
      {
        title: "a Deployment whose init container uses latest",
        object: exampleDeployment("init-latest", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "registry.aibos.internal/init:latest" })],
        }),
      },
      {
        title: "an ephemeral container without a tag",
        object: examplePod("ephemeral-no-tag", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [{ name: "debug", image: "busybox" }],
        }),
      },
      {
        title: "a registry port and no tag: the colon belongs to the host",
        object: examplePod("port-no-tag", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal:5000/app" })],
        }),
      },
    ],
    allowed: [
      {
        title: "every image has a version tag",
        object: examplePod("tagged", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { image: "busybox:1.36" })],
        }),
      },
      {
        title: "a registry port and a version tag",
        object: examplePod("port-tag", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal:5000/app:2.1.0" })],
        }),
      },
      {
        title: "an image pinned by digest",
        object: examplePod("digest", {
          containers: [
            exampleContainer("app", {
              image:
                "registry.aibos.internal/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            }),
          ],
        }),
      },
    ],
  },
  meta: {
    id: "disallow-latest-tag",
    anchor: "best-practices/disallow-latest-tag",
    title: "Disallow Latest Tag",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "The ':latest' tag is mutable and can lead to unexpected errors if the image changes. A best practice is to use an immutable tag that maps to a specific version of an application Pod. Every image of containers, initContainers and ephemeralContainers must specify a tag or a digest, read as a container runtime reads the reference (in `registry:5000/app` the `:` belongs to the registry host, so there is no tag), and a tag without a digest must not be `latest` (a digest pins the image whatever its tag says).",
    remediation: "Pin every image to a version tag (or a digest), never latest.",
  },
  violations: () =>
    forEachContainer((c) => {
      const tag = imagePart(read(c.image, ""), "tag");
      const digest = imagePart(read(c.image, ""), "digest");
      return [
        violation({
          when: and(eq(tag, ""), eq(digest, "")),
          field: c.image,
          message: msg`container ${c.name} has no image tag (${c.image}): add a version tag to the image`,
        }),
        violation({
          when: and(eq(tag, "latest"), eq(digest, "")),
          field: c.image,
          message: msg`container ${c.name} uses the mutable tag latest (${c.image}): pin the image to a version tag`,
        }),
      ];
    }),
});
