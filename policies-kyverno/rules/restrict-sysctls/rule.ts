import {
  and,
  defineRule,
  exists,
  forEach,
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

/** The sysctls the Baseline profile considers safe. */
const ALLOWED = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
];

/** The pod may set only the safe sysctls. */
export default defineRule({
  meta: {
    id: "restrict-sysctls",
    anchor: "pod-security/baseline/restrict-sysctls",
    title: "Restrict sysctls",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      'Sysctls can disable security mechanisms or affect all containers on a host, and should be disallowed except for an allowed "safe" subset. A sysctl is considered safe if it is namespaced in the container or the Pod, and it is isolated from other Pods or processes on the same Node. This rule ensures every name in spec.securityContext.sysctls is one of kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies and net.ipv4.ping_group_range.',
    remediation: `Remove from spec.securityContext.sysctls every sysctl other than ${ALLOWED.join(", ")}.`,
  },
  violations: ({ pod }) =>
    forEach(pod.securityContext.sysctls, (s) =>
      violation({
        when: and(exists(s.name), not(isIn(read(s.name, ""), ALLOWED))),
        field: s.name,
        message: msg`the pod sets the sysctl "${s.name}", which is not in the safe set: remove it from securityContext.sysctls (allowed: ${ALLOWED.join(", ")})`,
      }),
    ),
  examples: {
    denied: [
      {
        title: "the pod sets an unsafe sysctl",
        object: examplePod("unsafe-sysctl", {
          securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment sets a safe and an unsafe sysctl",
        object: exampleDeployment("mixed-sysctls", {
          securityContext: {
            sysctls: [
              { name: "net.ipv4.tcp_syncookies", value: "1" },
              { name: "kernel.msgmax", value: "65536" },
            ],
          },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob sets an unsafe sysctl",
        object: exampleCronJob("cronjob-unsafe-sysctl", {
          securityContext: { sysctls: [{ name: "vm.swappiness", value: "10" }] },
          containers: [exampleContainer("job")],
        }),
      },
    ],
    allowed: [
      { title: "no sysctls", object: examplePod("no-sysctls", { containers: [exampleContainer("app")] }) },
      {
        title: "only safe sysctls",
        object: exampleDeployment("safe-sysctls", {
          securityContext: {
            sysctls: [
              { name: "net.ipv4.ip_local_port_range", value: "1024 65535" },
              { name: "kernel.shm_rmid_forced", value: "1" },
            ],
          },
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
});
