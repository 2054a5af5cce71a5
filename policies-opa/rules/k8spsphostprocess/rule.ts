import {
  and,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  forEachContainer,
  msg,
  not,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** No Windows HostProcess pod or container. Updates are not reviewed. */
export default defineRule({
  examples: withExemptImagesExamples(
    {
      denied: [
        {
          title: "a HostProcess pod (pod-level windowsOptions)",
          object: examplePod("host-process-pod", {
            securityContext: { windowsOptions: { hostProcess: true } },
            hostNetwork: true,
            containers: [exampleContainer("agent")],
          }),
        },
        {
          title: "a HostProcess init container in a Deployment",
          object: exampleDeployment("host-process-init", {
            containers: [exampleContainer("app")],
            initContainers: [
              exampleContainer("setup", { securityContext: { windowsOptions: { hostProcess: true } } }),
            ],
          }),
        },
      ],
      allowed: [
        {
          title: "no HostProcess anywhere",
          object: examplePod("plain", {
            containers: [
              exampleContainer("app", { securityContext: { windowsOptions: { hostProcess: false } } }),
            ],
          }),
        },
        {
          title: "an exempt image in a HostProcess container",
          object: examplePod("exempt", {
            containers: [
              exampleContainer("agent", {
                image: "registry.aibos.internal/windows-agent:1",
                securityContext: { windowsOptions: { hostProcess: true } },
              }),
            ],
          }),
          params: { exemptImages: ["registry.aibos.internal/windows-agent:*"] },
        },
      ],
    },
    { from: 1 },
  ),
  meta: {
    id: "k8spsphostprocess",
    anchor: "pod-security-policy/host-process",
    constraintKind: "K8sPSPHostProcess",
    title: "Host Process",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Disallows HostProcess containers for Windows pods, which have privileged access to the Windows node: the pod's `spec.securityContext.windowsOptions.hostProcess` and each container's (containers, initContainers, ephemeralContainers) `securityContext.windowsOptions.hostProcess` must not be `true`. Images in `exemptImages` are skipped for the container check; the pod-level setting is never exempt. Updates are not reviewed.",
    remediation: "Remove windowsOptions.hostProcess (or set it to false) on the pod and on every container.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ pod, metadata, params }) => [
    violation({
      when: eq(read(pod.securityContext.windowsOptions.hostProcess, false), true),
      field: pod.securityContext.windowsOptions.hostProcess,
      message: msg`HostProcess is not allowed at pod level: ${metadata.name}; remove securityContext.windowsOptions.hostProcess from the pod spec`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: and(
          eq(read(c.securityContext.windowsOptions.hostProcess, false), true),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.windowsOptions.hostProcess,
        message: msg`HostProcess container is not allowed: ${c.name}, securityContext.windowsOptions.hostProcess: true; remove it or set it to false`,
      }),
    ),
  ],
});
