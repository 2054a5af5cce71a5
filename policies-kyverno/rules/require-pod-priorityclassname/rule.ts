import {
  defineRule,
  eq,
  msg,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** The pod spec must set `priorityClassName` to a non-empty value. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "no priorityClassName",
        object: examplePod("no-priority", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an empty priorityClassName",
        object: examplePod("empty-priority", {
          priorityClassName: "",
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment whose pod template has no priorityClassName",
        object: exampleDeployment("no-priority-deployment", { containers: [exampleContainer("app")] }),
      },
    ],
    allowed: [
      {
        title: "a Pod with a priorityClassName",
        object: examplePod("with-priority", {
          priorityClassName: "tenant-standard",
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment whose pod template sets a priorityClassName",
        object: exampleDeployment("with-priority-deployment", {
          priorityClassName: "tenant-critical",
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "require-pod-priorityclassname",
    anchor: "other/require-pod-priorityclassname",
    title: "Require Pod priorityClassName",
    category: "Multi-Tenancy, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "A Pod may optionally specify a priorityClassName which indicates the scheduling priority relative to others. This requires creation of a PriorityClass object in advance. In a multi-tenant environment, it is often desired to require this priorityClassName be set to make certain tenant scheduling guarantees. The pod spec must set priorityClassName to a non-empty value.",
    remediation:
      "Set spec.priorityClassName (in the pod template for controllers) to the name of a PriorityClass.",
  },
  violations: ({ pod }) => [
    violation({
      when: eq(read(pod.priorityClassName, ""), ""),
      field: pod.priorityClassName,
      message: msg`Pods must define the priorityClassName field: set priorityClassName to the name of a PriorityClass`,
    }),
  ],
});
