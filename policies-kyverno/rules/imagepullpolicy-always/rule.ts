import {
  and,
  defineRule,
  eq,
  forEachContainer,
  imagePart,
  isIn,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * A container in `spec.containers` whose image ends with `:latest` or has no `:` at all must set
 * `imagePullPolicy: Always` explicitly.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a registry port and no tag, pulled IfNotPresent: the colon belongs to the host",
        object: examplePod("port-no-tag", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal:5000/app",
              imagePullPolicy: "IfNotPresent",
            }),
          ],
        }),
      },
      {
        title: "a latest image pulled IfNotPresent",
        object: examplePod("latest-if-not-present", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/app:latest",
              imagePullPolicy: "IfNotPresent",
            }),
          ],
        }),
      },
      {
        title: "an untagged image in a Deployment pulled IfNotPresent",
        object: exampleDeployment("untagged-deployment", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/app",
              imagePullPolicy: "IfNotPresent",
            }),
          ],
        }),
      },
      {
        title: "the second container's latest image never pulled",
        object: examplePod("latest-never", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/app:latest",
              imagePullPolicy: "Always",
            }),
            exampleContainer("sidecar", {
              image: "registry.aibos.internal/proxy:latest",
              imagePullPolicy: "Never",
            }),
          ],
        }),
      },
      {
        title: "a latest image without imagePullPolicy in the manifest",
        object: examplePod("latest-unset", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal/app:latest" })],
        }),
      },
    ],
    allowed: [
      {
        title: "a latest image pulled Always",
        object: examplePod("latest-always", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/app:latest",
              imagePullPolicy: "Always",
            }),
          ],
        }),
      },
      {
        title: "a pinned tag may use any pull policy",
        object: exampleDeployment("pinned", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/app:1.0.0",
              imagePullPolicy: "IfNotPresent",
            }),
            exampleContainer("sidecar", { image: "registry.aibos.internal/proxy:2.1" }),
            exampleContainer("digest", {
              image: `registry.aibos.internal/cache@sha256:${"d".repeat(64)}`,
              imagePullPolicy: "IfNotPresent",
            }),
          ],
        }),
      },
      {
        title: "an init container with a latest image (only spec.containers is checked)",
        object: examplePod("init-latest", {
          initContainers: [
            exampleContainer("prepare", {
              image: "registry.aibos.internal/tools:latest",
              imagePullPolicy: "IfNotPresent",
            }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "imagepullpolicy-always",
    anchor: "other/imagepullpolicy-always",
    title: "Require imagePullPolicy Always",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "If the latest tag is allowed for images, it is a good idea to have the imagePullPolicy field set to Always to ensure should that tag be overwritten that future pulls will get the updated image. Every container in spec.containers whose image has the tag latest or no tag (read as a container runtime reads the reference: in `registry:5000/app` the `:` belongs to the registry host), and no digest, must set imagePullPolicy to Always; an absent imagePullPolicy in the manifest does not count as Always. A digest pins the image, so it may use any pull policy.",
    remediation:
      "Set imagePullPolicy: Always on containers using a latest or untagged image, or pin the image to a version tag.",
  },
  violations: () =>
    forEachContainer(
      (c) => {
        const image = read(c.image, "");
        return violation({
          when: and(
            isIn(imagePart(image, "tag"), ["latest", ""]),
            eq(imagePart(image, "digest"), ""),
            ne(read(c.imagePullPolicy, ""), "Always"),
          ),
          field: c.imagePullPolicy,
          message: msg`container ${c.name} uses image ${c.image} (latest or untagged): set imagePullPolicy to Always`,
        });
      },
      ["containers"],
    ),
});
