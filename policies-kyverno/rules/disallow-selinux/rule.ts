import type { V1SELinuxOptions } from "@kubernetes/client-node";
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
  type Ref,
  type Value,
  type Violation,
} from "@tollgate/rule-dsl";

/** The SELinux types the Baseline profile allows. */
const ALLOWED_TYPES = ["container_t", "container_init_t", "container_kvm_t"];

/**
 * The violations of one `seLinuxOptions`: a type outside the allowed list, a user, a role.
 *
 * @param options - the pod's or a container's seLinuxOptions
 * @param who - "the pod" or "container <name>", for messages
 * @returns the violations
 */
function seLinuxViolations(options: Ref<V1SELinuxOptions>, who: Value<string>): Violation[] {
  return [
    violation({
      when: and(exists(options.type), not(isIn(read(options.type, ""), ALLOWED_TYPES))),
      field: options.type,
      message: msg`${who} sets the SELinux type "${read(options.type, "")}": unset securityContext.seLinuxOptions.type or set it to container_t, container_init_t or container_kvm_t`,
    }),
    violation({
      when: exists(options.user),
      field: options.user,
      message: msg`${who} sets the SELinux user: remove securityContext.seLinuxOptions.user`,
    }),
    violation({
      when: exists(options.role),
      field: options.role,
      message: msg`${who} sets the SELinux role: remove securityContext.seLinuxOptions.role`,
    }),
  ];
}

/**
 * SELinux options may set only an allowed type, never a user or a role, on the pod and on every
 * container.
 */
export default defineRule({
  meta: {
    id: "disallow-selinux",
    anchor: "pod-security/baseline/disallow-selinux",
    title: "Disallow SELinux",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "SELinux options can be used to escalate privileges and should not be allowed. In spec.securityContext.seLinuxOptions and in securityContext.seLinuxOptions of every container (containers, initContainers, ephemeralContainers), type must be unset or one of container_t, container_init_t and container_kvm_t, and user and role must be unset.",
    remediation:
      "Remove seLinuxOptions.user and seLinuxOptions.role, and leave seLinuxOptions.type unset or set it to container_t, container_init_t or container_kvm_t.",
  },
  violations: ({ pod }) => [
    ...seLinuxViolations(pod.securityContext.seLinuxOptions, msg`the pod`),
    ...forEachContainer((c) => seLinuxViolations(c.securityContext.seLinuxOptions, msg`container ${c.name}`)),
  ],
  examples: {
    denied: [
      {
        title: "a debug container with a disallowed SELinux type",
        object: examplePod("debug-selinux-type", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [
            {
              name: "debug",
              image: "registry.aibos.internal/debug:1",
              securityContext: { seLinuxOptions: { type: "container_engine_t" } },
            },
          ],
        }),
      },
      {
        title: "a debug container that sets an SELinux user",
        object: examplePod("debug-selinux-user", {
          containers: [exampleContainer("app")],
          ephemeralContainers: [
            {
              name: "debug",
              image: "registry.aibos.internal/debug:1",
              securityContext: { seLinuxOptions: { user: "system_u" } },
            },
          ],
        }),
      },
      {
        title: "the pod sets a custom SELinux type",
        object: examplePod("pod-selinux-type", {
          securityContext: { seLinuxOptions: { type: "spc_t" } },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a container sets the SELinux user",
        object: examplePod("container-selinux-user", {
          containers: [
            exampleContainer("app", { securityContext: { seLinuxOptions: { user: "system_u" } } }),
          ],
        }),
      },
      {
        title: "a Deployment's init container sets the SELinux role next to an allowed type",
        object: exampleDeployment("init-selinux-role", {
          initContainers: [
            exampleContainer("init", {
              securityContext: { seLinuxOptions: { type: "container_t", role: "system_r" } },
            }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob container sets a custom SELinux type",
        object: exampleCronJob("cronjob-selinux-type", {
          containers: [
            exampleContainer("job", { securityContext: { seLinuxOptions: { type: "unconfined_t" } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "no SELinux options",
        object: examplePod("no-selinux", { containers: [exampleContainer("app")] }),
      },
      {
        title: "allowed SELinux types and a level",
        object: exampleDeployment("allowed-selinux", {
          securityContext: { seLinuxOptions: { type: "container_t", level: "s0:c123,c456" } },
          initContainers: [
            exampleContainer("init", { securityContext: { seLinuxOptions: { type: "container_init_t" } } }),
          ],
          containers: [
            exampleContainer("app", { securityContext: { seLinuxOptions: { level: "s0:c123,c456" } } }),
          ],
        }),
      },
    ],
  },
});
