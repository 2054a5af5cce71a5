import {
  and,
  defineRule,
  exists,
  forEachContainer,
  isIn,
  msg,
  not,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** The seccomp profile types the Baseline profile allows when a type is set. */
const ALLOWED = ["RuntimeDefault", "Localhost"];

/**
 * The seccomp profile type, on the pod and on every container, is unset or `RuntimeDefault` or
 * `Localhost`.
 */
export default defineRule({
  meta: {
    id: "restrict-seccomp",
    anchor: "pod-security/baseline/restrict-seccomp",
    title: "Restrict Seccomp",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "The seccomp profile must not be explicitly set to Unconfined. This rule ensures spec.securityContext.seccompProfile.type and securityContext.seccompProfile.type of every container (containers, initContainers, ephemeralContainers) are unset or set to RuntimeDefault or Localhost.",
    remediation:
      "Set seccompProfile.type to RuntimeDefault (or Localhost with a profile) on the pod and the containers, or leave it unset; never Unconfined.",
  },
  violations: ({ pod }) => [
    violation({
      when: and(
        exists(pod.securityContext.seccompProfile.type),
        not(isIn(read(pod.securityContext.seccompProfile.type, ""), ALLOWED)),
      ),
      field: pod.securityContext.seccompProfile.type,
      message: msg`the pod's seccomp profile type is "${read(pod.securityContext.seccompProfile.type, "")}": unset securityContext.seccompProfile.type or set it to RuntimeDefault or Localhost`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: and(
          exists(c.securityContext.seccompProfile.type),
          not(isIn(read(c.securityContext.seccompProfile.type, ""), ALLOWED)),
        ),
        field: c.securityContext.seccompProfile.type,
        message: msg`container ${c.name} has seccomp profile type "${read(c.securityContext.seccompProfile.type, "")}": unset securityContext.seccompProfile.type or set it to RuntimeDefault or Localhost`,
      }),
    ),
  ],
  examples: {
    denied: [
      {
        title: "the pod sets an Unconfined seccomp profile",
        object: examplePod("pod-unconfined", {
          securityContext: { seccompProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment's init container sets Unconfined under a RuntimeDefault pod",
        object: exampleDeployment("init-unconfined", {
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          initContainers: [
            exampleContainer("init", { securityContext: { seccompProfile: { type: "Unconfined" } } }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob container sets Unconfined",
        object: exampleCronJob("cronjob-unconfined", {
          containers: [
            exampleContainer("job", { securityContext: { seccompProfile: { type: "Unconfined" } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "no seccomp profile set",
        object: examplePod("no-seccomp", { containers: [exampleContainer("app")] }),
      },
      {
        title: "the pod sets RuntimeDefault and a container a Localhost profile",
        object: exampleDeployment("runtime-default-localhost", {
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            exampleContainer("app", {
              securityContext: {
                seccompProfile: { type: "Localhost", localhostProfile: "profiles/app.json" },
              },
            }),
          ],
        }),
      },
    ],
  },
});
