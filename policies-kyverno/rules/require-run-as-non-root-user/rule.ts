import {
  defineRule,
  forEachContainer,
  le,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * `runAsUser` must be unset or greater than zero, at the pod level and on every container
 * (containers, initContainers, ephemeralContainers).
 */
export default defineRule({
  // No object can tell these mutants apart from the rule (see `tollgate test`).
  equivalentMutants: {
    "violations[0].when.left: default 1 → 2":
      "an absent runAsUser is read as a non-root id: 1 and 2 are both above 0",
    "violations[1].when.left: default 1 → 2":
      "an absent runAsUser is read as a non-root id: 1 and 2 are both above 0",
  },
  examples: {
    denied: [
      {
        title: "the pod runs as user 0",
        object: examplePod("pod-root", {
          securityContext: { runAsUser: 0 },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment's init container runs as user 0",
        object: exampleDeployment("init-root", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
          initContainers: [exampleContainer("init", { securityContext: { runAsUser: 0 } })],
        }),
      },
      {
        title: "a container overrides a non-root pod user with 0",
        object: exampleCronJob("override-root", {
          securityContext: { runAsUser: 1000 },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 0 } })],
        }),
      },
    ],
    allowed: [
      {
        title: "runAsUser is set nowhere",
        object: examplePod("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "the pod and its containers run as non-zero users",
        object: exampleDeployment("non-root", {
          securityContext: { runAsUser: 1000 },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 2000 } })],
          initContainers: [exampleContainer("init")],
        }),
      },
    ],
  },
  meta: {
    id: "require-run-as-non-root-user",
    anchor: "pod-security/restricted/require-run-as-non-root-user",
    title: "Require Run As Non-Root User",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Containers must be required to run as non-root users. spec.securityContext.runAsUser and securityContext.runAsUser of every container (containers, initContainers, ephemeralContainers) must be unset or set to a number greater than zero.",
    remediation:
      "Remove runAsUser: 0 from the pod and its containers, or set runAsUser to a non-zero user id.",
  },
  violations: ({ pod }) => [
    violation({
      when: le(read(pod.securityContext.runAsUser, 1), 0),
      field: pod.securityContext.runAsUser,
      message: msg`the pod runs as root: set spec.securityContext.runAsUser to a number greater than zero, or leave it unset`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: le(read(c.securityContext.runAsUser, 1), 0),
        field: c.securityContext.runAsUser,
        message: msg`container ${c.name} runs as root: set securityContext.runAsUser to a number greater than zero, or leave it unset`,
      }),
    ),
  ],
});
