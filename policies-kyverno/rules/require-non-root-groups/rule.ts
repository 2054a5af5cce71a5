import {
  and,
  defineRule,
  exampleContainer,
  exampleCronJob,
  exampleDeployment,
  examplePod,
  fieldPath,
  forEach,
  forEachContainer,
  gt,
  itself,
  le,
  msg,
  not,
  or,
  read,
  violation,
} from "@tollgate/rule-dsl";

/**
 * Containers must not run with the root group (GID 0) as primary or supplementary group:
 * runAsGroup greater than zero (on the pod, or on every container), and supplementalGroups and
 * fsGroup, when set, greater than zero.
 */
export default defineRule({
  meta: {
    id: "require-non-root-groups",
    anchor: "other/require-non-root-groups",
    title: "Require Non-Root Groups",
    category: "Sample, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Containers must not run with a root primary or supplementary GID. runAsGroup: either spec.securityContext.runAsGroup is greater than zero and no container (containers, initContainers, ephemeralContainers) sets securityContext.runAsGroup to zero or less, or every container sets securityContext.runAsGroup greater than zero. supplementalGroups: every entry of spec.securityContext.supplementalGroups, when set, is greater than zero. fsGroup: spec.securityContext.fsGroup, when set, is greater than zero.",
    remediation:
      "Set spec.securityContext.runAsGroup (or securityContext.runAsGroup on every container) to a non-zero GID, never override it with 0 in a container, and keep supplementalGroups and fsGroup non-zero.",
  },
  violations: ({ pod }) => [
    ...forEachContainer((c) =>
      violation({
        when: or(
          le(read(c.securityContext.runAsGroup, 1), 0),
          and(
            not(gt(read(pod.securityContext.runAsGroup, -1), 0)),
            not(gt(read(c.securityContext.runAsGroup, -1), 0)),
          ),
        ),
        field: c.securityContext.runAsGroup,
        message: msg`container ${c.name} may run with the root group: set securityContext.runAsGroup greater than zero on the pod or on every container, and never to 0 on a container`,
      }),
    ),
    ...forEach(pod.securityContext.supplementalGroups, (g) =>
      violation({
        when: le(itself(g), 0),
        field: g,
        message: msg`${fieldPath(g)} is a root (or negative) group ID: every entry of spec.securityContext.supplementalGroups must be greater than zero`,
      }),
    ),
    violation({
      when: le(read(pod.securityContext.fsGroup, 1), 0),
      field: pod.securityContext.fsGroup,
      message: msg`${fieldPath(pod.securityContext.fsGroup)} is a root (or negative) group ID: leave spec.securityContext.fsGroup unset or set it greater than zero`,
    }),
  ],
  // No object can tell these mutants apart from the rule (see `tollgate test`).
  equivalentMutants: {
    "violations[0].when.args[0].left: default 1 → 2":
      "an absent runAsGroup is read as a non-root id: 1 and 2 are both above 0",
    "violations[0].when.args[1].args[0].arg.left: default -1 → 0":
      "an absent pod runAsGroup is read as not above 0: -1 and 0 are both not above 0",
    "violations[0].when.args[1].args[1].arg: gt → ge":
      "they differ only at a container runAsGroup of 0, which the first condition denies either way",
    "violations[0].when.args[1].args[1].arg.left: default -1 → 0":
      "an absent container runAsGroup is read as not above 0: -1 and 0 are both not above 0",
    "violations[2].when.left: default 1 → 2":
      "an absent fsGroup is read as a non-root id: 1 and 2 are both above 0",
  },
  examples: {
    denied: [
      {
        title: "runAsGroup is set nowhere",
        object: examplePod("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "the pod sets a non-root group but a container overrides it with 0",
        object: examplePod("override", {
          securityContext: { runAsGroup: 1000 },
          containers: [exampleContainer("app", { securityContext: { runAsGroup: 0 } })],
        }),
      },
      {
        title: "the containers set runAsGroup but an initContainer does not, and the pod does not either",
        object: exampleDeployment("init-unset", {
          initContainers: [exampleContainer("init")],
          containers: [exampleContainer("app", { securityContext: { runAsGroup: 1000 } })],
        }),
      },
      {
        title: "a supplemental group is the root group",
        object: examplePod("supplemental-root", {
          securityContext: { runAsGroup: 1000, supplementalGroups: [1000, 0] },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "fsGroup is the root group",
        object: exampleCronJob("fsgroup-root", {
          securityContext: { runAsGroup: 1000, fsGroup: 0 },
          containers: [exampleContainer("job")],
        }),
      },
    ],
    allowed: [
      {
        title: "the pod sets a non-root group",
        object: examplePod("pod-level", {
          securityContext: { runAsGroup: 1000 },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title:
          "every container, init containers included, sets a non-root group (the pod's own value does not matter then)",
        object: examplePod("container-level", {
          securityContext: { runAsGroup: 0 },
          initContainers: [exampleContainer("init", { securityContext: { runAsGroup: 3000 } })],
          containers: [exampleContainer("app", { securityContext: { runAsGroup: 3000 } })],
        }),
      },
      {
        title: "non-root runAsGroup, supplementalGroups and fsGroup on a Deployment",
        object: exampleDeployment("all-groups", {
          securityContext: { runAsGroup: 1000, supplementalGroups: [2000, 3000], fsGroup: 2000 },
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
});
