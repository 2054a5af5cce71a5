import {
  and,
  defineRule,
  eq,
  fieldPath,
  forEachContainer,
  ifThen,
  msg,
  not,
  or,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** No container may keep stdin open or allocate a TTY. */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container with a TTY",
        object: examplePod("tty", { containers: [exampleContainer("app", { tty: true })] }),
      },
      {
        title: "an init container of a Deployment with stdin open",
        object: exampleDeployment("stdin-init", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { stdin: true })],
        }),
      },
      {
        title: "an interactive ephemeral container",
        object: examplePod("debug", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [
            { name: "debug", image: "registry.aibos.internal/tools/shell:1", stdin: true, tty: true },
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "stdin and tty unset or false",
        object: examplePod("batch", {
          containers: [exampleContainer("app", { stdin: false }), exampleContainer("sidecar")],
        }),
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("app"),
            exampleContainer("shell", {
              image: "registry.aibos.internal/tools/shell:1",
              stdin: true,
              tty: true,
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/tools/*"] },
      },
    ],
  }),
  meta: {
    id: "k8sdisallowinteractivetty",
    anchor: "general/disallowinteractive",
    constraintKind: "K8sDisallowInteractiveTTY",
    title: "Disallow Interactive TTY Containers",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires the fields `stdin` and `tty` of every container (containers, initContainers, ephemeralContainers) to be false or unset: an interactive session bypasses the image's intended entrypoint. One violation per interactive container. Images in `exemptImages` are not checked.",
    remediation:
      "Remove stdin and tty from the container, or set them to false; use kubectl debug for interactive sessions.",
  },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) => {
      const stdin = eq(read(c.stdin, false), true);
      return violation({
        when: and(
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
          or(stdin, eq(read(c.tty, false), true)),
        ),
        field: ifThen(stdin, fieldPath(c.stdin), fieldPath(c.tty)),
        message: msg`Containers using tty or stdin (${c.name}) are not allowed running image: ${c.image}; set stdin and tty to false or remove them`,
      });
    }),
});
