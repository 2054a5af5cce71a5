import type { V1CronJob, V1Deployment } from "@kubernetes/client-node";
import {
  at,
  defineRule,
  eq,
  exampleContainer,
  exampleCronJob,
  exampleDeployment,
  examplePod,
  forEachParam,
  ifThen,
  itself,
  msg,
  named,
  param,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";

/**
 * The Pod (for a pod controller: its pod template) must carry each required annotation with a
 * non-empty value. Ours requires `owner` by default.
 */
export default defineRule({
  meta: {
    id: "require-annotations",
    anchor: "other/require-annotations",
    title: "Require Annotations",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Pod, Annotation",
    description:
      "Annotations that identify semantic attributes of an application let tools describe and query objects in a common way. Every annotation named in the annotations parameter (by default: owner) must be present with a non-empty value in the Pod's metadata.annotations; for a pod controller the annotations are read from its pod template (spec.template.metadata.annotations, or spec.jobTemplate.spec.template.metadata.annotations for a CronJob), as the Pods it creates are the ones that carry them.",
    remediation:
      "Add each required annotation (e.g. owner: team-name) with a non-empty value to the Pod's metadata, or to the pod template of the controller.",
  },
  params: {
    annotations: param.stringList(
      "Annotation keys every Pod (or pod template) must carry with a non-empty value.",
      ["owner"],
    ),
  },
  violations: ({ object, metadata, params }) => {
    const kind = named("kind", read(object.kind, ""));
    const cronJob = typed<V1CronJob>(object);
    const controller = typed<V1Deployment>(object);
    const path = named(
      "annotationsPath",
      ifThen(
        eq(kind, "Pod"),
        "metadata.annotations",
        ifThen(
          eq(kind, "CronJob"),
          "spec.jobTemplate.spec.template.metadata.annotations",
          "spec.template.metadata.annotations",
        ),
      ),
    );
    return forEachParam(params.annotations, (a) => {
      const key = itself(a);
      const value = ifThen(
        eq(kind, "Pod"),
        read(at(metadata.annotations, key), ""),
        ifThen(
          eq(kind, "CronJob"),
          read(at(cronJob.spec.jobTemplate.spec.template.metadata.annotations, key), ""),
          read(at(controller.spec.template.metadata.annotations, key), ""),
        ),
      );
      return violation({
        when: eq(value, ""),
        field: msg`${path}.${key}`,
        message: msg`the annotation ${key} is missing or empty: set ${path}.${key} to a non-empty value`,
      });
    });
  },
  examples: {
    denied: [
      {
        title: "a Pod without the owner annotation",
        object: examplePod("no-owner", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Pod whose owner annotation is empty",
        object: examplePod(
          "empty-owner",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "" } },
        ),
      },
      {
        title: "a Deployment annotated itself but not in its pod template",
        object: exampleDeployment(
          "template-unannotated",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "team-a" } },
        ),
      },
      {
        title: "a CronJob whose pod template has no owner annotation",
        object: exampleCronJob("cron-no-owner", { containers: [exampleContainer("job")] }),
      },
      {
        title: "a Pod without a required annotation given as a parameter",
        object: examplePod(
          "no-department",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "team-a" } },
        ),
        params: { annotations: ["owner", "corp.org/department"] },
      },
    ],
    allowed: [
      {
        title: "a Pod with an owner annotation",
        object: examplePod(
          "owned",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "team-a" } },
        ),
      },
      {
        title: "a Deployment whose pod template carries the owner annotation",
        object: exampleDeployment(
          "template-annotated",
          { containers: [exampleContainer("app")] },
          {},
          { podMetadata: { annotations: { owner: "team-a" } } },
        ),
      },
      {
        title: "a CronJob whose pod template carries the owner annotation",
        object: exampleCronJob(
          "cron-owned",
          { containers: [exampleContainer("job")] },
          {},
          { podMetadata: { annotations: { owner: "team-a" } } },
        ),
      },
      {
        title: "a Pod with every annotation required by the parameter",
        object: examplePod(
          "all-annotations",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "team-a", "corp.org/department": "payments" } },
        ),
        params: { annotations: ["owner", "corp.org/department"] },
      },
    ],
  },
});
