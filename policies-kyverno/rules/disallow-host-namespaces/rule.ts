import {
  defineRule,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** The pod must not share the host's network, IPC or PID namespace. */
export default defineRule({
  meta: {
    id: "disallow-host-namespaces",
    anchor: "pod-security/baseline/disallow-host-namespaces",
    title: "Disallow Host Namespaces",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Host namespaces (Process ID namespace, Inter-Process Communication namespace, and network namespace) allow access to shared information and can be used to elevate privileges. Pods should not be allowed access to host namespaces. This rule ensures spec.hostNetwork, spec.hostIPC and spec.hostPID are unset or set to false.",
    remediation:
      "Remove spec.hostNetwork, spec.hostIPC and spec.hostPID from the pod spec, or set them to false.",
  },
  violations: ({ pod }) => [
    violation({
      when: ne(read(pod.hostNetwork, false), false),
      field: pod.hostNetwork,
      message: msg`the pod shares the host network namespace: unset hostNetwork or set it to false`,
    }),
    violation({
      when: ne(read(pod.hostIPC, false), false),
      field: pod.hostIPC,
      message: msg`the pod shares the host IPC namespace: unset hostIPC or set it to false`,
    }),
    violation({
      when: ne(read(pod.hostPID, false), false),
      field: pod.hostPID,
      message: msg`the pod shares the host PID namespace: unset hostPID or set it to false`,
    }),
  ],
  examples: {
    denied: [
      {
        title: "the pod uses the host network",
        object: examplePod("host-network", { hostNetwork: true, containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment shares the host IPC namespace",
        object: exampleDeployment("host-ipc", { hostIPC: true, containers: [exampleContainer("app")] }),
      },
      {
        title: "a CronJob shares the host PID namespace while hostNetwork is false",
        object: exampleCronJob("host-pid", {
          hostPID: true,
          hostNetwork: false,
          containers: [exampleContainer("job")],
        }),
      },
    ],
    allowed: [
      {
        title: "no host namespace field set",
        object: examplePod("no-host-namespaces", { containers: [exampleContainer("app")] }),
      },
      {
        title: "every host namespace field set to false",
        object: exampleDeployment("host-namespaces-false", {
          hostNetwork: false,
          hostIPC: false,
          hostPID: false,
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
});
