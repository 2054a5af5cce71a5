import {
  and,
  any,
  contains,
  defineRule,
  endsWith,
  forEachContainer,
  itself,
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
  isExemptImage,
} from "@tollgate/rule-dsl";

/** Container images must carry a tag, and not one of the disallowed tags. */
export default defineRule({
  examples: {
    denied: [
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
    ],
    allowed: [
      {
        title: "a version tag",
        object: examplePod("pinned", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal/app:1.4.2" })],
        }),
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal/tools/shell:latest" })],
        }),
        params: { exemptImages: ["registry.aibos.internal/tools/*"] },
      },
    ],
  },
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
      "Requires container images (containers, initContainers, ephemeralContainers) to have an image tag different from the ones in the specified list. An image without any tag (no `:` at all) is denied too, since it means `latest`.",
    remediation: "Pin the image to a version tag (or a digest), not latest.",
  },
  params: {
    tags: param.stringList("Disallowed container image tags.", ["latest"]),
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) => {
      const image = read(c.image, "");
      const exempt = isExemptImage(image, params.exemptImages);
      return [
        violation({
          when: and(
            not(exempt),
            any(params.tags, (t) => endsWith(image, msg`:${itself(t)}`)),
          ),
          field: c.image,
          message: msg`container ${c.name} uses a disallowed tag ${c.image}; disallowed tags are ${join(params.tags, ", ")}`,
        }),
        violation({
          when: and(not(exempt), not(contains(image, ":"))),
          field: c.image,
          message: msg`container ${c.name} didn't specify an image tag ${c.image}: pin a version tag`,
        }),
      ];
    }),
});
