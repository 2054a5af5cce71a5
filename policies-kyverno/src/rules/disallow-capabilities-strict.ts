import { all, and, defineRule, eq, exactlyOne, exists, forEachContainer, itself, msg, not, read, size, violation } from "@tollgate/rule-dsl";

/**
 * Every container must drop `ALL` capabilities (listed exactly once) and may add none but
 * `NET_BIND_SERVICE`.
 */
export default defineRule({
  meta: {
    id: "disallow-capabilities-strict",
    title: "Disallow Capabilities (Strict)",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Adding capabilities other than NET_BIND_SERVICE is disallowed. In addition, all containers (containers, initContainers, ephemeralContainers) must explicitly drop ALL capabilities.",
    remediation: "Set securityContext.capabilities.drop: [ALL] on every container, and add at most NET_BIND_SERVICE.",
  },
  violations: () =>
    forEachContainer((c) => [
      violation({
        when: not(exactlyOne(c.securityContext.capabilities.drop, (d) => eq(itself(d), "ALL"))),
        field: c.securityContext.capabilities.drop,
        message: msg`container ${c.name} must drop ALL capabilities: set securityContext.capabilities.drop to [ALL]`,
      }),
      violation({
        when: and(
          exists(c.securityContext.capabilities.add),
          not(and(eq(size(read(c.securityContext.capabilities.add, [])), 1), all(c.securityContext.capabilities.add, (a) => eq(itself(a), "NET_BIND_SERVICE")))),
        ),
        field: c.securityContext.capabilities.add,
        message: msg`container ${c.name} adds capabilities other than NET_BIND_SERVICE: remove them from securityContext.capabilities.add`,
      }),
    ]),
});
