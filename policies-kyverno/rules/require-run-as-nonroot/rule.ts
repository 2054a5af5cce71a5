import {
  defineRule,
  eq,
  forEachContainer,
  ne,
  or,
  and,
  read,
  violation,
  msg,
  examplePod,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * Containers must run as a non-root user: either the pod sets `securityContext.runAsNonRoot: true`
 * and no container sets it to false, or every container sets it to true.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "runAsNonRoot is set nowhere",
        object: examplePod("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "the pod requires non-root but a container overrides it",
        object: examplePod("override", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app", { securityContext: { runAsNonRoot: false } })],
        }),
      },
    ],
    allowed: [
      {
        title: "the pod requires non-root",
        object: examplePod("pod-level", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "every container requires non-root",
        object: exampleCronJob("container-level", {
          containers: [exampleContainer("app", { securityContext: { runAsNonRoot: true } })],
        }),
      },
    ],
  },
  meta: {
    id: "require-run-as-nonroot",
    anchor: "pod-security/restricted/require-run-as-nonroot",
    title: "Require runAsNonRoot",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Containers must be required to run as non-root users. Either spec.securityContext.runAsNonRoot is true and no container sets it to false, or every container (containers, initContainers, ephemeralContainers) sets securityContext.runAsNonRoot to true.",
    remediation:
      "Set spec.securityContext.runAsNonRoot: true on the pod, or securityContext.runAsNonRoot: true on every container.",
  },
  violations: ({ pod }) =>
    forEachContainer((c) =>
      violation({
        when: or(
          eq(read(c.securityContext.runAsNonRoot, true), false),
          and(
            ne(read(pod.securityContext.runAsNonRoot, false), true),
            ne(read(c.securityContext.runAsNonRoot, false), true),
          ),
        ),
        field: c.securityContext.runAsNonRoot,
        message: msg`container ${c.name} may run as root: set securityContext.runAsNonRoot to true on the container or the pod, and never to false`,
      }),
    ),
});
