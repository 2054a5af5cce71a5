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

/**
 * No Windows HostProcess containers: `windowsOptions.hostProcess` is unset or false on the pod
 * and on every container.
 */
export default defineRule({
  meta: {
    id: "disallow-host-process",
    anchor: "pod-security/baseline/disallow-host-process",
    title: "Disallow hostProcess",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Windows pods offer the ability to run HostProcess containers which enables privileged access to the Windows node. Privileged access to the host is disallowed in the baseline policy. This rule ensures spec.securityContext.windowsOptions.hostProcess and securityContext.windowsOptions.hostProcess of every container (containers, initContainers, ephemeralContainers) are unset or set to false.",
    remediation:
      "Remove windowsOptions.hostProcess from the pod's and the containers' securityContext, or set it to false.",
  },
  violations: ({ pod }) => [
    violation({
      when: ne(read(pod.securityContext.windowsOptions.hostProcess, false), false),
      field: pod.securityContext.windowsOptions.hostProcess,
      message: msg`the pod runs as a Windows HostProcess pod: unset securityContext.windowsOptions.hostProcess or set it to false`,
    }),
    ...forEachContainer((c) =>
      violation({
        when: ne(read(c.securityContext.windowsOptions.hostProcess, false), false),
        field: c.securityContext.windowsOptions.hostProcess,
        message: msg`container ${c.name} is a Windows HostProcess container: unset securityContext.windowsOptions.hostProcess or set it to false`,
      }),
    ),
  ],
  examples: {
    denied: [
      {
        title: "a HostProcess container",
        object: examplePod("host-process", {
          hostNetwork: true,
          containers: [
            exampleContainer("app", { securityContext: { windowsOptions: { hostProcess: true } } }),
          ],
        }),
      },
      {
        title: "a Deployment's init container is a HostProcess container",
        object: exampleDeployment("init-host-process", {
          hostNetwork: true,
          initContainers: [
            exampleContainer("init", { securityContext: { windowsOptions: { hostProcess: true } } }),
          ],
          containers: [
            exampleContainer("app", { securityContext: { windowsOptions: { hostProcess: false } } }),
          ],
        }),
      },
      {
        title: "a CronJob sets hostProcess at the pod level",
        object: exampleCronJob("pod-host-process", {
          hostNetwork: true,
          securityContext: { windowsOptions: { hostProcess: true } },
          containers: [exampleContainer("job")],
        }),
      },
    ],
    allowed: [
      {
        title: "no windowsOptions",
        object: examplePod("no-windows-options", { containers: [exampleContainer("app")] }),
      },
      {
        title: "hostProcess set to false on the pod and the container",
        object: exampleDeployment("host-process-false", {
          securityContext: { windowsOptions: { hostProcess: false } },
          containers: [
            exampleContainer("app", {
              securityContext: { windowsOptions: { hostProcess: false, runAsUserName: "ContainerUser" } },
            }),
          ],
        }),
      },
    ],
  },
});
