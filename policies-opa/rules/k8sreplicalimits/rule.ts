import type { V1Deployment } from "@kubernetes/client-node";
import {
  and,
  defineRule,
  exampleContainer,
  exampleDeployment,
  exampleStatefulSet,
  eq,
  exists,
  ge,
  le,
  msg,
  none,
  not,
  or,
  param,
  read,
  size,
  typed,
  violation,
  whenAbsent,
  POD_CONTROLLER_KINDS,
} from "@tollgate/rule-dsl";

type ReplicaRange = { min_replicas: number; max_replicas: number };

/** The examples' pod spec. */
const APP = { containers: [exampleContainer("app")] };

const REPLICATED_KINDS = POD_CONTROLLER_KINDS.filter((k) =>
  ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"].includes(k.kind),
);

/** Objects with spec.replicas must ask for a number of replicas within one of the allowed ranges. */
export default defineRule({
  // No object can tell these mutants apart from the rule (see `tollgate test`).
  equivalentMutants: {
    'violations[0].when.args[1].left.arg: parameter ranges → its default [{"min_replicas":3,"max_replicas":50}]':
      "empty ranges deny through the last condition too: no range of an empty list admits the object",
  },
  examples: {
    denied: [
      { title: "too few replicas", object: exampleDeployment("single", APP, {}, { replicas: 1 }) },
      {
        title: "too many replicas in a StatefulSet",
        object: exampleStatefulSet("huge", APP, {}, { replicas: 100 }),
      },
      {
        title: "spec.replicas omitted, even where a range starts at 0",
        object: exampleDeployment("omitted", APP, {}, { replicas: null }),
        params: { ranges: [{ min_replicas: 0, max_replicas: 5 }] },
      },
      {
        title: "no allowed ranges at all",
        object: exampleDeployment("no-ranges", APP, {}, { replicas: 3 }),
        params: { ranges: [] },
      },
    ],
    allowed: [
      { title: "within the range", object: exampleDeployment("three", APP, {}, { replicas: 3 }) },
      {
        title: "at the top of the range (inclusive)",
        object: exampleStatefulSet("fifty", APP, {}, { replicas: 50 }),
      },
      {
        title: "within the second of two ranges",
        object: exampleDeployment("scaled-down", APP, {}, { replicas: 0 }),
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
      "Requires that objects with the field spec.replicas (Deployments, StatefulSets, ReplicaSets, ReplicationControllers) specify a number of replicas within one of the `ranges` (`min_replicas` and `max_replicas`, both inclusive; a range missing either bound admits nothing). An object without spec.replicas is denied (the API server sets it on admission, so this concerns manifests checked before they reach a cluster), and with no ranges nothing is admitted, as in the upstream template.",
    remediation: "Set spec.replicas to a value within one of the allowed ranges.",
  },
  match: { kinds: REPLICATED_KINDS },
  params: {
    ranges: whenAbsent(
      param.custom<ReplicaRange[]>(
        {
          type: "array",
          description: "Allowed ranges for numbers of replicas. Values are inclusive.",
          items: {
            type: "object",
            description: "A range of allowed replicas. Values are inclusive.",
            properties: {
              min_replicas: {
                type: "integer",
                description: "The minimum number of replicas allowed, inclusive.",
              },
              max_replicas: {
                type: "integer",
                description: "The maximum number of replicas allowed, inclusive.",
              },
            },
          },
        },
        [{ min_replicas: 3, max_replicas: 50 }],
      ),
      [],
    ),
  },
  violations: ({ object, metadata, params }) => {
    const replicas = read(typed<V1Deployment>(object).spec.replicas, 0);
    return [
      violation({
        when: or(
          not(exists(typed<V1Deployment>(object).spec.replicas)),
          eq(size(params.ranges), 0),
          none(params.ranges, (r) =>
            and(
              exists(r.min_replicas),
              exists(r.max_replicas),
              le(read(r.min_replicas, 0), replicas),
              ge(read(r.max_replicas, 0), replicas),
            ),
          ),
        ),
        field: typed<V1Deployment>(object).spec.replicas,
        message: msg`The provided number of replicas is not allowed for ${read(object.kind, "")}: ${metadata.name}: set spec.replicas within one of the allowed ranges of the constraint's parameters.ranges`,
      }),
    ];
  },
});
