import {
  defineRule,
  forEachContainer,
  isIn,
  msg,
  not,
  read,
  violation,
  examplePod,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

const ALLOWED = ["RuntimeDefault", "Localhost"];

/**
 * The seccomp profile must be `RuntimeDefault` or `Localhost`, at the pod level and on every
 * container (an unset type is the runtime's default profile).
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "the pod sets an Unconfined seccomp profile",
        object: examplePod("unconfined", {
          securityContext: { seccompProfile: { type: "Unconfined" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob container sets Unconfined",
        object: exampleCronJob("unconfined-cronjob", {
          containers: [
            exampleContainer("app", { securityContext: { seccompProfile: { type: "Unconfined" } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "the pod sets RuntimeDefault",
        object: examplePod("runtime-default", {
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a container sets a Localhost profile",
        object: examplePod("localhost", {
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
  meta: {
    id: "restrict-seccomp-strict",
    anchor: "pod-security/restricted/restrict-seccomp-strict",
    title: "Restrict Seccomp (Strict)",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "The seccomp profile in the Restricted group must not be explicitly set to Unconfined. This rule ensures that spec.securityContext.seccompProfile.type and securityContext.seccompProfile.type of every container (containers, initContainers, ephemeralContainers) are RuntimeDefault or Localhost when set.",
    remediation:
      "Set seccompProfile.type to RuntimeDefault (or Localhost with a profile) on the pod and the containers, never Unconfined.",
  },
  violations: ({ pod }) => [
    violation({
      when: not(isIn(read(pod.securityContext.seccompProfile.type, "RuntimeDefault"), ALLOWED)),
      field: pod.securityContext.seccompProfile.type,
      message: msg`the pod's seccomp profile is ${read(pod.securityContext.seccompProfile.type, "")}: set it to RuntimeDefault or Localhost`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: not(isIn(read(c.securityContext.seccompProfile.type, "RuntimeDefault"), ALLOWED)),
        field: c.securityContext.seccompProfile.type,
        message: msg`container ${c.name} has seccomp profile ${read(c.securityContext.seccompProfile.type, "")}: set it to RuntimeDefault or Localhost`,
      }),
    ),
  ],
});
