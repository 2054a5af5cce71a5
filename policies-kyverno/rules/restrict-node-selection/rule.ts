import {
  defineRule,
  gt,
  keysOf,
  msg,
  ne,
  read,
  size,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * On creation, a pod spec may set neither a `nodeSelector` with entries nor a `nodeName`. Empty
 * values (`nodeSelector: {}`, as Helm charts often render, or `nodeName: ""`) select no node and
 * are what the API server stores as unset, so they pass.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Pod with a nodeSelector",
        object: examplePod("node-selector", {
          nodeSelector: { "kubernetes.io/hostname": "worker-1" },
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Pod pinned to a node with nodeName",
        object: examplePod("node-name", { nodeName: "worker-1", containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment whose pod template sets a nodeSelector",
        object: exampleDeployment("node-selector-deployment", {
          nodeSelector: { disktype: "ssd" },
          containers: [exampleContainer("app")],
        }),
      },
    ],
    allowed: [
      {
        title: "an empty nodeSelector, as Helm charts render it",
        object: examplePod("empty-selector", { nodeSelector: {}, containers: [exampleContainer("app")] }),
      },
      {
        title: "a Pod left to the scheduler",
        object: examplePod("scheduled", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment using node affinity instead",
        object: exampleDeployment("affinity", {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] },
                },
              ],
            },
          },
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "restrict-node-selection",
    anchor: "other/restrict-node-selection",
    title: "Restrict node selection",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "The Kubernetes scheduler uses complex logic to determine the optimal placement for new Pods. Users who have access to set certain fields in a Pod spec may sidestep this logic which in many cases is undesirable. This rule prevents users from targeting specific Nodes for scheduling of Pods by prohibiting the nodeSelector and nodeName fields of the pod spec (an empty nodeSelector or nodeName, which the API server stores as unset, passes). It reviews creation only (a scheduled Pod carries nodeName on later updates).",
    remediation: "Remove nodeSelector and nodeName from the pod spec and let the scheduler place the Pod.",
  },
  match: { operations: ["CREATE"], background: false },
  violations: ({ pod }) => [
    violation({
      when: gt(size(keysOf(pod.nodeSelector)), 0),
      field: pod.nodeSelector,
      message: msg`setting the nodeSelector field is prohibited: remove nodeSelector from the pod spec`,
    }),
    violation({
      when: ne(read(pod.nodeName, ""), ""),
      field: pod.nodeName,
      message: msg`setting the nodeName field is prohibited: remove nodeName from the pod spec`,
    }),
  ],
});
