import {
  defineRule,
  isIn,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Pods and pod controllers must be created in a namespace other than `default`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Pod in the default namespace",
        object: examplePod("in-default", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Deployment without a namespace (it lands in default)",
        object: (() => {
          const d = exampleDeployment("no-namespace", { containers: [exampleContainer("app")] });
          const { namespace: _omit, ...metadata } = d["metadata"] as Record<string, string>;
          return { ...d, metadata };
        })(),
      },
    ],
    allowed: [
      {
        title: "a Pod in its own namespace",
        object: examplePod("in-team-ns", { containers: [exampleContainer("app")] }, { namespace: "team-a" }),
      },
      {
        title: "a Deployment in its own namespace",
        object: exampleDeployment(
          "deployment-in-team-ns",
          { containers: [exampleContainer("app")] },
          { namespace: "team-a" },
        ),
      },
    ],
  },
  meta: {
    id: "disallow-default-namespace",
    anchor: "best-practices/disallow-default-namespace",
    title: "Disallow Default Namespace",
    category: "Multi-Tenancy",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Kubernetes Namespaces are an optional feature that provide a way to segment and isolate cluster resources across multiple applications and users. As a best practice, workloads should be isolated with Namespaces. Namespaces should be required and the default (empty) Namespace should not be used. Pods and pod controllers must set metadata.namespace to a Namespace other than `default`; an absent or empty namespace counts as `default`.",
    remediation: "Set metadata.namespace to the workload's own Namespace.",
  },
  violations: ({ metadata }) => [
    violation({
      when: isIn(read(metadata.namespace, ""), ["", "default"]),
      field: metadata.namespace,
      message: msg`the default namespace is not allowed: set metadata.namespace to another Namespace`,
    }),
  ],
});
