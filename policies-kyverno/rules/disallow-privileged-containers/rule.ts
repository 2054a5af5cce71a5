import {
  defineRule,
  forEachContainer,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** No container may run privileged: `securityContext.privileged` is unset or false. */
export default defineRule({
  meta: {
    id: "disallow-privileged-containers",
    anchor: "pod-security/baseline/disallow-privileged-containers",
    title: "Disallow Privileged Containers",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Privileged mode disables most security mechanisms and must not be allowed. This rule ensures securityContext.privileged of every container (containers, initContainers, ephemeralContainers) is unset or set to false.",
    remediation: "Remove securityContext.privileged from every container, or set it to false.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: ne(read(c.securityContext.privileged, false), false),
        field: c.securityContext.privileged,
        message: msg`container ${c.name} is privileged: unset securityContext.privileged or set it to false`,
      }),
    ),
  examples: {
    denied: [
      {
        title: "a privileged container",
        object: examplePod("privileged", {
          containers: [exampleContainer("app", { securityContext: { privileged: true } })],
        }),
      },
      {
        title: "a Deployment's privileged init container",
        object: exampleDeployment("privileged-init", {
          initContainers: [exampleContainer("init", { securityContext: { privileged: true } })],
          containers: [exampleContainer("app", { securityContext: { privileged: false } })],
        }),
      },
      {
        title: "a CronJob's second container is privileged",
        object: exampleCronJob("privileged-cronjob", {
          containers: [
            exampleContainer("job"),
            exampleContainer("sidecar", { securityContext: { privileged: true } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "privileged not set",
        object: examplePod("not-privileged", { containers: [exampleContainer("app")] }),
      },
      {
        title: "privileged set to false on every container",
        object: exampleDeployment("privileged-false", {
          initContainers: [exampleContainer("init", { securityContext: { privileged: false } })],
          containers: [exampleContainer("app", { securityContext: { privileged: false } })],
        }),
      },
    ],
  },
});
