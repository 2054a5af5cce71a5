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

/** No container may change the /proc mount: `securityContext.procMount` is unset or `Default`. */
export default defineRule({
  meta: {
    id: "disallow-proc-mount",
    anchor: "pod-security/baseline/disallow-proc-mount",
    title: "Disallow procMount",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "The default /proc masks are set up to reduce attack surface and should be required. This rule ensures securityContext.procMount of every container (containers, initContainers, ephemeralContainers) is unset or set to Default. Note that deviating from the Default procMount requires a feature gate at the API server.",
    remediation: "Remove securityContext.procMount from every container, or set it to Default.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: ne(read(c.securityContext.procMount, "Default"), "Default"),
        field: c.securityContext.procMount,
        message: msg`container ${c.name} sets procMount to "${read(c.securityContext.procMount, "")}": unset securityContext.procMount or set it to Default`,
      }),
    ),
  examples: {
    denied: [
      {
        title: "an Unmasked proc mount",
        object: examplePod("unmasked", {
          containers: [exampleContainer("app", { securityContext: { procMount: "Unmasked" } })],
        }),
      },
      {
        title: "a Deployment's init container with an Unmasked proc mount",
        object: exampleDeployment("unmasked-init", {
          initContainers: [exampleContainer("init", { securityContext: { procMount: "Unmasked" } })],
          containers: [exampleContainer("app", { securityContext: { procMount: "Default" } })],
        }),
      },
      {
        title: "a CronJob container with an Unmasked proc mount",
        object: exampleCronJob("unmasked-cronjob", {
          containers: [exampleContainer("job", { securityContext: { procMount: "Unmasked" } })],
        }),
      },
    ],
    allowed: [
      {
        title: "procMount not set",
        object: examplePod("no-proc-mount", { containers: [exampleContainer("app")] }),
      },
      {
        title: "procMount set to Default",
        object: exampleDeployment("default-proc-mount", {
          containers: [exampleContainer("app", { securityContext: { procMount: "Default" } })],
        }),
      },
    ],
  },
});
