import {
  defineRule,
  eq,
  exampleContainer,
  exampleCronJob,
  examplePod,
  fieldPath,
  ifThen,
  msg,
  or,
  read,
  violation,
} from "@tollgate/rule-dsl";

/** No sharing of the host PID or IPC namespace. One violation per pod. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a pod in the host PID and IPC namespaces",
        object: examplePod("host-pid-ipc", {
          hostPID: true,
          hostIPC: true,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob sharing the host IPC namespace",
        object: exampleCronJob("host-ipc", { hostIPC: true, containers: [exampleContainer("job")] }),
      },
    ],
    allowed: [
      {
        title: "hostPID and hostIPC set to false",
        object: examplePod("isolated", {
          hostPID: false,
          hostIPC: false,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "hostPID and hostIPC not set",
        object: examplePod("defaults", { containers: [exampleContainer("app")] }),
      },
    ],
  },
  meta: {
    id: "k8spsphostnamespace",
    anchor: "pod-security-policy/host-namespaces",
    constraintKind: "K8sPSPHostNamespace",
    title: "Host Namespace",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Disallows sharing of host PID and IPC namespaces by pod containers: `spec.hostPID` and `spec.hostIPC` must not be `true` (one violation per pod). Corresponds to the `hostPID` and `hostIPC` fields in a PodSecurityPolicy. Updates are not reviewed.",
    remediation: "Remove hostPID and hostIPC from the pod spec, or set them to false.",
  },
  match: { operations: ["CREATE"] },
  violations: ({ pod, metadata }) => [
    violation({
      when: or(eq(read(pod.hostPID, false), true), eq(read(pod.hostIPC, false), true)),
      field: ifThen(eq(read(pod.hostPID, false), true), fieldPath(pod.hostPID), fieldPath(pod.hostIPC)),
      message: msg`Sharing the host namespace is not allowed: ${metadata.name}; set hostPID and hostIPC to false`,
    }),
  ],
});
