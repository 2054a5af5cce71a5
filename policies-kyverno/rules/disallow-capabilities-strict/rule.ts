import {
  all,
  and,
  defineRule,
  eq,
  exactlyOne,
  exists,
  forEachContainer,
  itself,
  msg,
  not,
  read,
  size,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * Every container must drop `ALL` capabilities (listed exactly once) and may add none but
 * `NET_BIND_SERVICE`.
 */
export default defineRule({
  equivalentMutants: {
    "violations[1].when.args[1].arg.args[1]: all → any":
      "the list has exactly one element there, so all and any agree",
  },
  examples: {
    denied: [
      {
        title: "a container that does not drop ALL",
        object: examplePod("no-drop", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an init container that adds NET_RAW",
        object: exampleDeployment("adds-net-raw", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL"] } } })],
          initContainers: [
            exampleContainer("init", {
              securityContext: { capabilities: { drop: ["ALL"], add: ["NET_RAW"] } },
            }),
          ],
        }),
      },
      {
        title: "ALL dropped twice: it must be listed exactly once",
        object: examplePod("drops-all-twice", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL", "ALL"] } } }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "drops ALL",
        object: examplePod("drops-all", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL"] } } })],
        }),
      },
      {
        title: "drops ALL and adds only NET_BIND_SERVICE",
        object: examplePod("bind", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } },
            }),
          ],
        }),
      },
    ],
  },
  meta: {
    id: "disallow-capabilities-strict",
    anchor: "pod-security/restricted/disallow-capabilities-strict",
    title: "Disallow Capabilities (Strict)",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Adding capabilities other than NET_BIND_SERVICE is disallowed. In addition, all containers (containers, initContainers, ephemeralContainers) must explicitly drop ALL capabilities.",
    remediation:
      "Set securityContext.capabilities.drop: [ALL] on every container, and add at most NET_BIND_SERVICE.",
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
          not(
            and(
              eq(size(read(c.securityContext.capabilities.add, [])), 1),
              all(c.securityContext.capabilities.add, (a) => eq(itself(a), "NET_BIND_SERVICE")),
            ),
          ),
        ),
        field: c.securityContext.capabilities.add,
        message: msg`container ${c.name} adds capabilities other than NET_BIND_SERVICE: remove them from securityContext.capabilities.add`,
      }),
    ]),
});
