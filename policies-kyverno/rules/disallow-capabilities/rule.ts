import {
  defineRule,
  forEach,
  forEachContainer,
  isIn,
  itself,
  msg,
  not,
  violation,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
  PSS_BASELINE_ADDABLE_CAPABILITIES,
} from "@tollgate/rule-dsl";

/**
 * No container (containers, initContainers, ephemeralContainers) may add a capability outside
 * the Baseline list. An absent or empty `capabilities.add` is fine.
 */
export default defineRule({
  meta: {
    id: "disallow-capabilities",
    anchor: "pod-security/baseline/disallow-capabilities",
    title: "Disallow Capabilities",
    category: "Pod Security Standards (Baseline)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Adding capabilities beyond the Baseline list must be disallowed. Every entry of securityContext.capabilities.add of every container (containers, initContainers, ephemeralContainers) must be one of AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT.",
    remediation: `Remove from securityContext.capabilities.add every capability other than ${PSS_BASELINE_ADDABLE_CAPABILITIES.join(", ")}.`,
  },
  violations: () =>
    forEachContainer((c) =>
      forEach(c.securityContext.capabilities.add, (cap) =>
        violation({
          when: not(isIn(itself(cap), PSS_BASELINE_ADDABLE_CAPABILITIES)),
          field: cap,
          message: msg`container ${c.name} adds the capability "${itself(cap)}", which the Baseline profile does not allow: remove it from securityContext.capabilities.add (allowed: ${PSS_BASELINE_ADDABLE_CAPABILITIES.join(", ")})`,
        }),
      ),
    ),
  examples: {
    denied: [
      {
        title: "a container adds NET_RAW",
        object: examplePod("adds-net-raw", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { add: ["NET_RAW"] } } })],
        }),
      },
      {
        title: "a Deployment's init container adds SYS_ADMIN next to an allowed capability",
        object: exampleDeployment("init-adds-sys-admin", {
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { add: ["CHOWN", "SYS_ADMIN"] } } }),
          ],
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob container adds NET_ADMIN",
        object: exampleCronJob("cronjob-net-admin", {
          containers: [
            exampleContainer("job", { securityContext: { capabilities: { add: ["NET_ADMIN"] } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "every capability the Baseline profile allows, added at once",
        object: examplePod("every-baseline-capability", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { add: [...PSS_BASELINE_ADDABLE_CAPABILITIES] } },
            }),
          ],
        }),
      },
      {
        title: "no capabilities added",
        object: examplePod("no-capabilities", { containers: [exampleContainer("app")] }),
      },
      {
        title: "only Baseline capabilities added, and others dropped",
        object: examplePod("baseline-capabilities", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { add: ["NET_BIND_SERVICE", "SETGID"], drop: ["NET_RAW"] } },
            }),
          ],
        }),
      },
      {
        title: "an empty add list",
        object: exampleDeployment("empty-add", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { add: [] } } })],
        }),
      },
    ],
  },
});
