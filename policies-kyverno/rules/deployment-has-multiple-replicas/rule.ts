import type { V1Deployment } from "@kubernetes/client-node";
import {
  defineRule,
  exampleContainer,
  exampleDeployment,
  le,
  msg,
  POD_CONTROLLER_KINDS,
  read,
  typed,
  violation,
} from "@tollgate/rule-dsl";

/** The examples' pod spec. */
const APP = { containers: [exampleContainer("app")] };

/** A Deployment must ask for more than one replica; an absent `spec.replicas` means 1. */
export default defineRule({
  meta: {
    id: "deployment-has-multiple-replicas",
    anchor: "other/require-deployments-have-multiple-replicas",
    title: "Require Multiple Replicas",
    category: "Sample",
    severity: "medium",
    gate: 5,
    subject: "Deployment",
    description:
      "A Deployment with a single replica cannot be highly available: the application is down whenever that replica is. A Deployment's spec.replicas must be greater than 1; an absent spec.replicas (which Kubernetes defaults to 1) is a violation.",
    remediation:
      "Set spec.replicas to 2 or more (and spread the replicas with a PodDisruptionBudget and topology spread constraints).",
  },
  match: { kinds: POD_CONTROLLER_KINDS.filter((k) => k.kind === "Deployment") },
  violations: ({ object }) => {
    const deployment = typed<V1Deployment>(object);
    return [
      violation({
        when: le(read(deployment.spec.replicas, 1), 1),
        field: deployment.spec.replicas,
        message: msg`the Deployment runs a single replica (or none): set spec.replicas to 2 or more so the application stays available`,
      }),
    ];
  },
  examples: {
    denied: [
      { title: "one replica", object: exampleDeployment("single", APP, {}, { replicas: 1 }) },
      { title: "zero replicas", object: exampleDeployment("zero", APP, {}, { replicas: 0 }) },
      {
        title: "replicas not set (defaults to 1)",
        object: exampleDeployment("unset", APP, {}, { replicas: null }),
      },
    ],
    allowed: [
      { title: "two replicas", object: exampleDeployment("two", APP, {}, { replicas: 2 }) },
      { title: "three replicas", object: exampleDeployment("three", APP, {}, { replicas: 3 }) },
    ],
  },
});
