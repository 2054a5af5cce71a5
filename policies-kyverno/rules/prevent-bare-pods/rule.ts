import {
  defineRule,
  exampleContainer,
  examplePod,
  exists,
  msg,
  not,
  POD_CONTROLLER_KINDS,
  violation,
} from "@tollgate/rule-dsl";

/** A Pod must be created by a controller: its metadata must carry `ownerReferences`. */
export default defineRule({
  meta: {
    id: "prevent-bare-pods",
    anchor: "other/prevent-bare-pods",
    title: "Prevent Bare Pods",
    category: "Other, EKS Best Practices",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Pods not created by a workload controller (Deployment, StatefulSet, Job, ...) have no self-healing or scaling and are unsuitable for production. A Pod must carry metadata.ownerReferences, which its controller sets; a Pod without it is a bare Pod. Only Pods are checked (pod controllers are not: they are what this rule asks for).",
    remediation:
      "Run the workload through a controller such as a Deployment, StatefulSet, DaemonSet or Job instead of creating the Pod directly.",
  },
  match: { kinds: POD_CONTROLLER_KINDS.filter((k) => k.kind === "Pod") },
  violations: ({ metadata }) => [
    violation({
      when: not(exists(metadata.ownerReferences)),
      field: metadata.ownerReferences,
      message: msg`the Pod has no metadata.ownerReferences, so it is a bare Pod: create it through a controller such as a Deployment, StatefulSet or Job`,
    }),
  ],
  examples: {
    denied: [
      {
        title: "a Pod created directly, without an owner",
        object: examplePod("bare", { containers: [exampleContainer("app")] }),
      },
    ],
    allowed: [
      {
        title: "a Pod owned by a ReplicaSet",
        object: examplePod(
          "owned",
          { containers: [exampleContainer("app")] },
          {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "ReplicaSet",
                name: "app-5d4f8c7b9",
                uid: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
                controller: true,
              },
            ],
          },
        ),
      },
    ],
  },
});
