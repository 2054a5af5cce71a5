import {
  defineRule,
  forEachContainer,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every container must set `securityContext.allowPrivilegeEscalation: false`; absent counts as allowed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "allowPrivilegeEscalation is not set",
        object: examplePod("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an ephemeral container allows escalation",
        object: examplePod("ephemeral", {
          containers: [exampleContainer("app", { securityContext: { allowPrivilegeEscalation: false } })],
          ephemeralContainers: [
            {
              name: "debug",
              image: "registry.aibos.internal/debug:1",
              securityContext: { allowPrivilegeEscalation: true },
            },
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "every container sets allowPrivilegeEscalation: false",
        object: exampleDeployment("no-escalation", {
          containers: [exampleContainer("app", { securityContext: { allowPrivilegeEscalation: false } })],
        }),
      },
    ],
  },
  meta: {
    id: "disallow-privilege-escalation",
    anchor: "pod-security/restricted/disallow-privilege-escalation",
    title: "Disallow Privilege Escalation",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Privilege escalation, such as via set-user-ID or set-group-ID file mode, should not be allowed. Every container (containers, initContainers, ephemeralContainers) must set securityContext.allowPrivilegeEscalation to false.",
    remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: ne(read(c.securityContext.allowPrivilegeEscalation, true), false),
        field: c.securityContext.allowPrivilegeEscalation,
        message: msg`container ${c.name} may escalate privileges: set securityContext.allowPrivilegeEscalation to false`,
      }),
    ),
});
