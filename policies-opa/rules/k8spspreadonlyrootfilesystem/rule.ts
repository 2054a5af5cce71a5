import {
  and,
  defineRule,
  exampleContainer,
  exampleDeployment,
  examplePod,
  forEachContainer,
  msg,
  ne,
  not,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** Every container must run with a read-only root filesystem. Updates are not reviewed. */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container with a writable root filesystem",
        object: examplePod("writable", {
          containers: [exampleContainer("app", { securityContext: { readOnlyRootFilesystem: false } })],
        }),
      },
      {
        title: "a container that does not set readOnlyRootFilesystem",
        object: exampleDeployment("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an init container with a writable root filesystem",
        object: examplePod("writable-init", {
          containers: [exampleContainer("app", { securityContext: { readOnlyRootFilesystem: true } })],
          initContainers: [exampleContainer("init", { securityContext: { readOnlyRootFilesystem: false } })],
        }),
      },
    ],
    allowed: [
      {
        title: "every container has a read-only root filesystem",
        object: examplePod("read-only", {
          containers: [exampleContainer("app", { securityContext: { readOnlyRootFilesystem: true } })],
          initContainers: [exampleContainer("init", { securityContext: { readOnlyRootFilesystem: true } })],
        }),
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [exampleContainer("legacy", { image: "registry.aibos.internal/legacy:3" })],
        }),
        params: { exemptImages: ["registry.aibos.internal/legacy:3"] },
      },
    ],
  }),
  meta: {
    id: "k8spspreadonlyrootfilesystem",
    anchor: "pod-security-policy/read-only-root-filesystem",
    constraintKind: "K8sPSPReadOnlyRootFilesystem",
    title: "Read Only Root Filesystem",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires the use of a read-only root file system by pod containers: every container (containers, initContainers, ephemeralContainers) must set `securityContext.readOnlyRootFilesystem` to `true`; an absent field is denied. Corresponds to the `readOnlyRootFilesystem` field in a PodSecurityPolicy. Images in `exemptImages` are skipped. Updates are not reviewed.",
    remediation:
      "Set securityContext.readOnlyRootFilesystem to true and mount writable paths as emptyDir volumes.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: and(
          ne(read(c.securityContext.readOnlyRootFilesystem, false), true),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.readOnlyRootFilesystem,
        message: msg`only read-only root filesystem container is allowed: ${c.name}; set securityContext.readOnlyRootFilesystem to true`,
      }),
    ),
});
