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

/** Every container lists `CAP_NET_RAW` or `NET_RAW` (in any letter case) in `securityContext.capabilities.drop`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "an init container that does not drop NET_RAW",
        object: examplePod("init-keeps-net-raw", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["NET_RAW"] } } })],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "a container that drops nothing",
        object: examplePod("no-drop", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose container drops another capability",
        object: exampleDeployment("drops-chown", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { drop: ["CAP_CHOWN"] } } }),
          ],
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { drop: ["NET_RAW"] } } }),
          ],
        }),
      },
      {
        title: "dropping ALL does not name NET_RAW",
        object: examplePod("drops-all", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL"] } } })],
        }),
      },
    ],
    allowed: [
      {
        title: "every container drops CAP_NET_RAW",
        object: examplePod("drops-cap-net-raw", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { drop: ["CAP_NET_RAW"] } } }),
          ],
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { drop: ["CAP_NET_RAW"] } } }),
          ],
        }),
      },
      {
        title: "NET_RAW in another letter case, beside ALL",
        object: exampleDeployment("drops-net-raw", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { drop: ["ALL", "net_raw"] } } }),
          ],
        }),
      },
    ],
  },
  meta: {
    id: "drop-cap-net-raw",
    anchor: "best-practices/require-drop-cap-net-raw",
    title: "Drop CAP_NET_RAW",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Capabilities permit privileged actions without giving full root access. The CAP_NET_RAW capability, enabled by default, allows processes in a container to forge packets and bind to any interface potentially leading to MitM attacks. Every container (containers, initContainers, ephemeralContainers) must list CAP_NET_RAW or NET_RAW, in any letter case, in securityContext.capabilities.drop; dropping ALL alone does not satisfy this rule.",
    remediation: "Add NET_RAW (or CAP_NET_RAW) to securityContext.capabilities.drop on every container.",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: not(
          any(c.securityContext.capabilities.drop, (d) =>
            matches(itself(d), "^([Cc][Aa][Pp]_)?[Nn][Ee][Tt]_[Rr][Aa][Ww]$"),
          ),
        ),
        field: c.securityContext.capabilities.drop,
        message: msg`container ${c.name} does not drop CAP_NET_RAW: add NET_RAW to securityContext.capabilities.drop`,
      }),
    ),
});
