import {
  and,
  at,
  defineRule,
  fieldPath,
  msg,
  exampleContainer,
  exampleCronJob,
  exampleDeployment,
  examplePod,
  ne,
  read,
  violation,
} from "@tollgate/rule-dsl";

const PART_OF = "app.kubernetes.io/part-of";

/**
 * The pod spec must set `automountServiceAccountToken: false`. Objects labelled
 * `app.kubernetes.io/part-of: policy-reporter` (on their own metadata) are exempt.
 */
export default defineRule({
  meta: {
    id: "restrict-automount-sa-token",
    anchor: "other/restrict-automount-sa-token",
    title: "Restrict Auto-Mount of Service Account Tokens",
    category: "Sample, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod,ServiceAccount",
    description:
      "Kubernetes mounts the ServiceAccount token into every Pod unless told otherwise, and the ServiceAccount may hold roles on the API server. Following least privilege, the pod spec (of a Pod or of a pod controller's template) must set spec.automountServiceAccountToken to false; leaving it unset or setting it to true is a violation. An object whose own metadata.labels carry app.kubernetes.io/part-of: policy-reporter is exempt (the label is read on the Pod, Deployment, CronJob, ... itself, not on the pod template).",
    remediation:
      "Set spec.automountServiceAccountToken: false in the pod spec (or the pod template of the controller), and mount a projected token only where the workload talks to the API server.",
  },
  violations: ({ pod, metadata }) => [
    violation({
      when: and(
        ne(read(pod.automountServiceAccountToken, true), false),
        ne(read(at(metadata.labels, PART_OF), ""), "policy-reporter"),
      ),
      field: pod.automountServiceAccountToken,
      message: msg`${fieldPath(pod.automountServiceAccountToken)} is not false, so the ServiceAccount token is mounted: set automountServiceAccountToken to false in the pod spec`,
    }),
  ],
  examples: {
    denied: [
      {
        title: "automountServiceAccountToken is not set",
        object: examplePod("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "automountServiceAccountToken is true",
        object: examplePod("mounted", {
          automountServiceAccountToken: true,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a CronJob labelled part-of another application is not exempt",
        object: {
          ...exampleCronJob("other-reporter", { containers: [exampleContainer("job")] }),
          metadata: { name: "other-reporter", namespace: "default", labels: { [PART_OF]: "blah-reporter" } },
        },
      },
    ],
    allowed: [
      {
        title: "automountServiceAccountToken is false",
        object: examplePod("not-mounted", {
          automountServiceAccountToken: false,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Deployment whose pod template disables the token",
        object: exampleDeployment("deploy-not-mounted", {
          automountServiceAccountToken: false,
          containers: [exampleContainer("app")],
        }),
      },
      {
        title: "a Pod of policy-reporter is exempt",
        object: examplePod(
          "policy-reporter",
          { containers: [exampleContainer("app")] },
          { labels: { [PART_OF]: "policy-reporter" } },
        ),
      },
      {
        title: "a CronJob labelled part-of policy-reporter on its own metadata is exempt",
        object: {
          ...exampleCronJob("reporter-cron", { containers: [exampleContainer("job")] }),
          metadata: { name: "reporter-cron", namespace: "default", labels: { [PART_OF]: "policy-reporter" } },
        },
      },
    ],
  },
});
