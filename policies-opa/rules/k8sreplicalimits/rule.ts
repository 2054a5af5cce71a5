import type { V1Deployment } from "@kubernetes/client-node";
import {
  and,
  defineRule,
  exists,
  ge,
  gt,
  le,
  msg,
  none,
  param,
  read,
  size,
  typed,
  violation,
  POD_CONTROLLER_KINDS,
  type ExampleObject,
} from "@tollgate/rule-dsl";

type ReplicaRange = { min_replicas: number; max_replicas: number };

const REPLICATED_KINDS = POD_CONTROLLER_KINDS.filter((k) => ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"].includes(k.kind));

function workload(kind: "Deployment" | "StatefulSet", name: string, replicas?: number): ExampleObject {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace: "default" },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "registry.aibos.internal/app:1.0.0" }] } },
    },
  };
}

/** Objects with spec.replicas must ask for a number of replicas within one of the allowed ranges. */
export default defineRule({
  examples: {
    denied: [
      { title: "too few replicas", object: workload("Deployment", "single", 1) },
      { title: "too many replicas in a StatefulSet", object: workload("StatefulSet", "huge", 100) },
      { title: "spec.replicas omitted counts as 0", object: workload("Deployment", "omitted") },
    ],
    allowed: [
      { title: "within the range", object: workload("Deployment", "three", 3) },
      { title: "at the top of the range (inclusive)", object: workload("StatefulSet", "fifty", 50) },
      {
        title: "within the second of two ranges",
        object: workload("Deployment", "scaled-down", 0),
        params: {
          ranges: [
            { min_replicas: 0, max_replicas: 0 },
            { min_replicas: 3, max_replicas: 50 },
          ],
        },
      },
    ],
  },
  meta: {
    id: "k8sreplicalimits",
    anchor: "general/replicalimits",
    constraintKind: "K8sReplicaLimits",
    title: "Replica Limits",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Deployment, StatefulSet, ReplicaSet, ReplicationController",
    description:
      "Requires that objects with the field spec.replicas (Deployments, StatefulSets, ReplicaSets, ReplicationControllers) specify a number of replicas within one of the `ranges` (`min_replicas` and `max_replicas`, both inclusive; a range missing either bound admits nothing). An omitted spec.replicas counts as 0, as in a scale-to-zero request; with no ranges nothing is checked.",
    remediation: "Set spec.replicas to a value within one of the allowed ranges.",
  },
  match: { kinds: REPLICATED_KINDS },
  params: {
    ranges: param.custom<ReplicaRange[]>(
      {
        type: "array",
        description: "Allowed ranges for numbers of replicas. Values are inclusive.",
        items: {
          type: "object",
          description: "A range of allowed replicas. Values are inclusive.",
          properties: {
            min_replicas: { type: "integer", description: "The minimum number of replicas allowed, inclusive." },
            max_replicas: { type: "integer", description: "The maximum number of replicas allowed, inclusive." },
          },
        },
      },
      [{ min_replicas: 3, max_replicas: 50 }],
    ),
  },
  violations: ({ object, metadata, params }) => {
    const replicas = read(typed<V1Deployment>(object).spec.replicas, 0);
    return [
      violation({
        when: and(
          gt(size(params.ranges), 0),
          none(params.ranges, (r) =>
            and(exists(r.min_replicas), exists(r.max_replicas), le(read(r.min_replicas, 0), replicas), ge(read(r.max_replicas, 0), replicas)),
          ),
        ),
        field: typed<V1Deployment>(object).spec.replicas,
        message: msg`The provided number of replicas is not allowed for ${read(object.kind, "")}: ${metadata.name}: set spec.replicas within one of the allowed ranges of the constraint's parameters.ranges`,
      }),
    ];
  },
});
