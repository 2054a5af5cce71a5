import {
  defineRule,
  exists,
  forEach,
  msg,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** No volume of the pod may be a hostPath volume. */
export default defineRule({
  meta: {
    id: "disallow-host-path",
    anchor: "pod-security/baseline/disallow-host-path",
    title: "Disallow hostPath",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod,Volume",
    description:
      "HostPath volumes let Pods use host directories and volumes in containers. Using host resources can be used to access shared data or escalate privileges and should not be allowed. This rule ensures no volume in spec.volumes sets hostPath.",
    remediation:
      "Replace every hostPath volume in spec.volumes with another volume type (emptyDir, a PersistentVolumeClaim, a ConfigMap, ...).",
  },
  violations: ({ pod }) =>
    forEach(pod.volumes, (v) =>
      violation({
        when: exists(v.hostPath),
        field: v.hostPath,
        message: msg`volume ${v.name} is a hostPath volume: remove hostPath and use another volume type`,
      }),
    ),
  examples: {
    denied: [
      {
        title: "a hostPath volume",
        object: examplePod("host-path", {
          containers: [exampleContainer("app", { volumeMounts: [{ name: "host", mountPath: "/host" }] })],
          volumes: [{ name: "host", hostPath: { path: "/var/run" } }],
        }),
      },
      {
        title: "a Deployment with an emptyDir and a hostPath volume",
        object: exampleDeployment("host-path-deployment", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "scratch", emptyDir: {} },
            { name: "logs", hostPath: { path: "/var/log", type: "Directory" } },
          ],
        }),
      },
      {
        title: "a CronJob with a hostPath volume",
        object: exampleCronJob("host-path-cronjob", {
          containers: [exampleContainer("job")],
          volumes: [{ name: "etc", hostPath: { path: "/etc" } }],
        }),
      },
    ],
    allowed: [
      { title: "no volumes", object: examplePod("no-volumes", { containers: [exampleContainer("app")] }) },
      {
        title: "an emptyDir and a ConfigMap volume",
        object: exampleDeployment("other-volumes", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "scratch", emptyDir: {} },
            { name: "config", configMap: { name: "app-config" } },
          ],
        }),
      },
    ],
  },
});
