import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  forEachContainer,
  isIn,
  itself,
  join,
  matches,
  msg,
  none,
  not,
  param,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  PSS_BASELINE_ADDABLE_CAPABILITIES,
  whenAbsent,
} from "@tollgate/rule-dsl";

/**
 * Containers may add only allowed capabilities (by default those the Pod Security Standards
 * Baseline profile allows, so not NET_RAW) and must drop the required ones (or `ALL`).
 * Updates are not reviewed.
 */
export default defineRule({
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container that adds NET_RAW, outside the default (Pod Security Standards Baseline) list",
        object: examplePod("net-raw", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { add: ["NET_RAW"] } } })],
        }),
      },
      {
        title: "a container that adds SYS_ADMIN",
        object: examplePod("sys-admin", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }),
          ],
        }),
      },
      {
        title: "an init container that adds NET_ADMIN, in a Deployment",
        object: exampleDeployment("net-admin-init", {
          containers: [exampleContainer("app")],
          initContainers: [
            exampleContainer("init", { securityContext: { capabilities: { add: ["NET_ADMIN"] } } }),
          ],
        }),
      },
      {
        title: "a container that does not drop the required capabilities",
        object: examplePod("no-drop", {
          containers: [exampleContainer("app", { securityContext: { capabilities: { drop: ["NET_RAW"] } } })],
        }),
        params: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"] },
      },
    ],
    allowed: [
      {
        title: "a container that adds a capability of the Baseline list",
        object: examplePod("bind", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { add: ["NET_BIND_SERVICE"] } } }),
          ],
        }),
      },
      {
        title: "restricted: drop ALL (in any case) and add only NET_BIND_SERVICE",
        object: examplePod("restricted", {
          containers: [
            exampleContainer("app", {
              securityContext: { capabilities: { add: ["NET_BIND_SERVICE"], drop: ["all"] } },
            }),
          ],
        }),
        params: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"] },
      },
      {
        title: "a wildcard allow-list",
        object: examplePod("wildcard", {
          containers: [
            exampleContainer("app", { securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }),
          ],
        }),
        params: { allowedCapabilities: ["*"] },
      },
      {
        title: "a capability the Constraint allows beyond the default list",
        object: examplePod("net-admin-allowed", {
          containers: [
            exampleContainer("vpn", { securityContext: { capabilities: { add: ["NET_ADMIN"] } } }),
          ],
        }),
        params: { allowedCapabilities: ["NET_ADMIN"] },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("vpn", {
              image: "registry.aibos.internal/vpn:1",
              securityContext: { capabilities: { add: ["NET_ADMIN"] } },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/vpn:1"] },
      },
    ],
  }),
  meta: {
    id: "k8spspcapabilities",
    anchor: "pod-security-policy/capabilities",
    constraintKind: "K8sPSPCapabilities",
    title: "Capabilities",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls Linux capabilities on containers (containers, initContainers, ephemeralContainers): every entry of `securityContext.capabilities.add` must be in `allowedCapabilities` (`*` allows any), and `securityContext.capabilities.drop` must contain every entry of `requiredDropCapabilities` or `ALL` (a container without a drop list drops nothing). Corresponds to the `allowedCapabilities` and `requiredDropCapabilities` fields in a PodSecurityPolicy. Capability names are compared exactly (stricter than the upstream template, which ignores case: `net_admin` is not `NET_ADMIN` here), except `ALL` in the drop list, which is matched in any case. Tollgate's default `allowedCapabilities` is what the Pod Security Standards Baseline profile lets a container add (" +
      PSS_BASELINE_ADDABLE_CAPABILITIES.join(", ") +
      "): not NET_RAW, which the container runtime grants by default but the Baseline profile does not let a container add. A Constraint without `allowedCapabilities` lets a container add none, as upstream. Images in `exemptImages` are skipped. Updates are not reviewed.",
    remediation:
      "Add only allowed capabilities, and drop ALL (or every required capability) in securityContext.capabilities.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
    allowedCapabilities: whenAbsent(
      param.stringList(
        "Capabilities a container may add in securityContext.capabilities.add; `*` allows any.",
        [...PSS_BASELINE_ADDABLE_CAPABILITIES],
      ),
      [],
    ),
    requiredDropCapabilities: param.stringList(
      "Capabilities every container must drop in securityContext.capabilities.drop (dropping `ALL` satisfies any list).",
      [],
    ),
  },
  violations: ({ params }) =>
    forEachContainer((c) => {
      const notExempt = not(isExemptImage(read(c.image, ""), params.exemptImages));
      return [
        violation({
          when: and(
            not(isIn("*", params.allowedCapabilities)),
            any(c.securityContext.capabilities.add, (a) => not(isIn(itself(a), params.allowedCapabilities))),
            notExempt,
          ),
          field: c.securityContext.capabilities.add,
          message: msg`container <${c.name}> has a disallowed capability. Allowed capabilities are ${join(params.allowedCapabilities, ", ")}; remove the others from securityContext.capabilities.add`,
        }),
        violation({
          when: and(
            any(params.requiredDropCapabilities, (r) =>
              none(c.securityContext.capabilities.drop, (d) => eq(itself(d), itself(r))),
            ),
            none(c.securityContext.capabilities.drop, (d) => matches(itself(d), "^[aA][lL][lL]$")),
            notExempt,
          ),
          field: c.securityContext.capabilities.drop,
          message: msg`container <${c.name}> is not dropping all required capabilities. Container must drop all of ${join(params.requiredDropCapabilities, ", ")} or "ALL" in securityContext.capabilities.drop`,
        }),
      ];
    }),
});
