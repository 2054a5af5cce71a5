import {
  any,
  defineRule,
  forEachContainer,
  itself,
  matches,
  msg,
  not,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every container lists `ALL` (in any letter case) in `securityContext.capabilities.drop`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container that drops nothing",
        object: examplePod("no-drop", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose init container drops only NET_RAW",
        object: exampleDeployment("init-net-raw", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL"] } } })],
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { drop: ["NET_RAW"] } } }),
          ],
        }),
      },
      {
        title: "an empty drop list",
        object: examplePod("empty-drop", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { add: ["NET_BIND_SERVICE"], drop: [] } },
            }),
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "every container drops ALL, adding back what it needs",
        object: examplePod("drops-all", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } },
            }),
          ],
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { drop: ["ALL"] } } }),
          ],
        }),
      },
      {
        title: "ALL written in lower case",
        object: exampleDeployment("lower-case", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["all"] } } })],
        }),
      },
    ],
  },
  meta: {
    id: "drop-all-capabilities",
    anchor: "best-practices/require-drop-all",
    title: "Drop All Capabilities",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Capabilities permit privileged actions without giving full root access. All capabilities should be dropped from a Pod, with only those required added back. Every container (containers, initContainers, ephemeralContainers) must list ALL in securityContext.capabilities.drop; the entry is matched in any letter case, which is looser than the Pod Security Standards.",
    remediation:
      "Set securityContext.capabilities.drop: [ALL] on every container, and add back only the capabilities it needs.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: not(any(c.securityContext.capabilities.drop, (d) => matches(itself(d), "^[Aa][Ll][Ll]$"))),
        field: c.securityContext.capabilities.drop,
        message: msg`container ${c.name} does not drop ALL capabilities: add ALL to securityContext.capabilities.drop`,
      }),
    ),
});
