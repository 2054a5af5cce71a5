import {
  and,
  defineRule,
  exampleContainer,
  exampleCronJob,
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

/**
 * Every container must set `securityContext.allowPrivilegeEscalation: false`; an absent field
 * allows escalation and is denied. Updates are not reviewed, as in the PSP templates.
 */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container that allows privilege escalation",
        object: examplePod("escalating", {
          containers: [exampleContainer("app", { securityContext: { allowPrivilegeEscalation: true } })],
        }),
      },
      {
        title: "a container that does not set allowPrivilegeEscalation (the kernel default allows it)",
        object: examplePod("unset", {
          containers: [exampleContainer("app", { securityContext: { runAsNonRoot: true } })],
        }),
      },
      {
        title: "an init container without a securityContext, in a CronJob",
        object: exampleCronJob("escalating-init", {
          containers: [exampleContainer("job", { securityContext: { allowPrivilegeEscalation: false } })],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "an ephemeral container that allows privilege escalation",
        object: examplePod("escalating-debug", {
          containers: [exampleContainer("app", { securityContext: { allowPrivilegeEscalation: false } })],
          ephemeralContainers: [
            {
              name: "debug",
              image: "registry.aibos.internal/debug:1",
              securityContext: { allowPrivilegeEscalation: true },
            },
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "every container sets allowPrivilegeEscalation to false",
        object: examplePod("no-escalation", {
          containers: [exampleContainer("app", { securityContext: { allowPrivilegeEscalation: false } })],
          initContainers: [
            exampleContainer("init", { securityContext: { allowPrivilegeEscalation: false } }),
          ],
        }),
      },
      {
        title: "an exempt image (prefix match)",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("agent", {
              image: "registry.aibos.internal/node-agent:2",
              securityContext: { allowPrivilegeEscalation: true },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/node-agent:*"] },
      },
    ],
  }),
  meta: {
    id: "k8spspallowprivilegeescalationcontainer",
    anchor: "pod-security-policy/allow-privilege-escalation",
    constraintKind: "K8sPSPAllowPrivilegeEscalationContainer",
    title: "Allow Privilege Escalation in Container",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Controls restricting escalation to root privileges: every container (containers, initContainers, ephemeralContainers) must set `securityContext.allowPrivilegeEscalation` to `false`; a container without the field, or without a securityContext, is denied. Corresponds to the `allowPrivilegeEscalation` field in a PodSecurityPolicy. Images in `exemptImages` are skipped. Updates are not reviewed.",
    remediation: "Set securityContext.allowPrivilegeEscalation to false on every container.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: and(
          ne(read(c.securityContext.allowPrivilegeEscalation, true), false),
          not(isExemptImage(read(c.image, ""), params.exemptImages)),
        ),
        field: c.securityContext.allowPrivilegeEscalation,
        message: msg`Privilege escalation container is not allowed: ${c.name}: set securityContext.allowPrivilegeEscalation to false`,
      }),
    ),
});
