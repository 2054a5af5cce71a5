import {
  at,
  defineRule,
  eq,
  forEachParam,
  ifThen,
  itself,
  msg,
  param,
  read,
  typed,
  violation,
  type Json,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";
import type { V1CronJob, V1Deployment } from "@kubernetes/client-node";

/**
 * Every required label is set, with a non-empty value, on the Pod, or on the pod template of a
 * pod controller (the labels its Pods get).
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a Pod without labels",
        object: examplePod("no-labels", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Pod with an empty name label",
        object: examplePod(
          "empty-label",
          { containers: [exampleContainer("app")] },
          { labels: { "app.kubernetes.io/name": "" } },
        ),
      },
      {
        title: "a Deployment labelled on top but not in its pod template",
        object: exampleDeployment(
          "template-unlabelled",
          { containers: [exampleContainer("app")] },
          { labels: { foo: "bar" } },
        ),
      },
      {
        title: "a CronJob whose job template's pods carry no name label",
        object: exampleCronJob("cronjob-unlabelled", { containers: [exampleContainer("app")] }),
      },
    ],
    allowed: [
      {
        title: "a CronJob whose job template's pods carry the name label",
        object: exampleCronJob(
          "cronjob-labelled",
          { containers: [exampleContainer("app")] },
          {},
          { podMetadata: { labels: { "app.kubernetes.io/name": "report" } } },
        ),
      },
      {
        title: "a Pod with the name label",
        object: examplePod(
          "labelled",
          { containers: [exampleContainer("app")] },
          { labels: { "app.kubernetes.io/name": "web" } },
        ),
      },
      {
        title: "a Deployment whose pod template has the name label (the Deployment itself need not)",
        object: (() => {
          const d = exampleDeployment(
            "template-labelled",
            { containers: [exampleContainer("app")] },
            { labels: { "app.kubernetes.io/name": "web" } },
          );
          const { labels: _omit, ...metadata } = d["metadata"] as Record<string, Json>;
          return { ...d, metadata };
        })(),
      },
      {
        title: "a Pod with a label required by a parameter",
        object: examplePod(
          "owner-labelled",
          { containers: [exampleContainer("app")] },
          { labels: { owner: "team-a" } },
        ),
        params: { labels: ["owner"] },
      },
    ],
  },
  meta: {
    id: "require-labels",
    anchor: "best-practices/require-labels",
    title: "Require Labels",
    category: "Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod, Label",
    description:
      "Define and use labels that identify semantic attributes of your application or Deployment. A common set of labels allows tools to work collaboratively, describing objects in a common manner that all tools can understand. The recommended labels describe applications in a way that can be queried. Each label of the labels parameter (by default `app.kubernetes.io/name`) must be specified with some value in metadata.labels of a Pod, and in the pod template's metadata.labels of a pod controller.",
    remediation:
      "Add the required labels, with a value, to the Pod's metadata.labels (the pod template's for a controller).",
  },
  params: {
    labels: param.stringList("The labels every Pod must carry with a non-empty value.", [
      "app.kubernetes.io/name",
    ]),
  },
  violations: ({ object, metadata, params }) =>
    forEachParam(params.labels, (l) => {
      const key = itself(l);
      const kind = read(object.kind, "");
      const isPod = eq(kind, "Pod");
      const isCronJob = eq(kind, "CronJob");
      const value = ifThen(
        isPod,
        read(at(metadata.labels, key), ""),
        ifThen(
          isCronJob,
          read(at(typed<V1CronJob>(object).spec.jobTemplate.spec.template.metadata.labels, key), ""),
          read(at(typed<V1Deployment>(object).spec.template.metadata.labels, key), ""),
        ),
      );
      const where = ifThen(
        isPod,
        "metadata.labels",
        ifThen(isCronJob, "spec.jobTemplate.spec.template.metadata.labels", "spec.template.metadata.labels"),
      );
      return violation({
        when: eq(value, ""),
        field: msg`${where}.${key}`,
        message: msg`the label ${key} is required: set ${where}.${key} to a non-empty value`,
      });
    }),
});
