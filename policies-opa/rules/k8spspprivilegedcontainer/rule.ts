import {
  and,
  defineRule,
  eq,
  forEachContainer,
  msg,
  not,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** No container may run privileged. Updates are not reviewed, as in the PSP templates. */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a privileged container",
        object: examplePod("privileged", {
          containers: [exampleContainer("app", { securityContext: { privileged: true } })],
        }),
      },
      {
        title: "a privileged init container in a Deployment",
        object: exampleDeployment("privileged-init", {
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init", { securityContext: { privileged: true } })],
        }),
      },
    ],
    allowed: [
      {
        title: "no container is privileged",
        object: examplePod("plain", {
          containers: [exampleContainer("app", { securityContext: { privileged: false } })],
        }),
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("app", {
              image: "registry.aibos.internal/node-agent:2",
              securityContext: { privileged: true },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/node-agent:2"] },
      },
    ],
  }),
  meta: {
    id: "k8spspprivilegedcontainer",
    anchor: "pod-security-policy/privileged-containers",
    constraintKind: "K8sPSPPrivilegedContainer",
    title: "Privileged Container",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the ability of any container (containers, initContainers, ephemeralContainers) to enable privileged mode. Corresponds to the `privileged` field in a PodSecurityPolicy. Updates are not reviewed.",
    remediation: "Remove securityContext.privileged or set it to false.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: and(
          eq(read(c.securityContext.privileged, false), true),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.privileged,
        message: msg`Privileged container is not allowed: ${c.name}, securityContext: set privileged to false`,
      }),
    ),
});
