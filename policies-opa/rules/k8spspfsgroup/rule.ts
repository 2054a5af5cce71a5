import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  ge,
  le,
  msg,
  not,
  or,
  param,
  read,
  violation,
} from "@tollgate/rule-dsl";

/** The pod's fsGroup must satisfy the rule and ranges of the Constraint. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "MayRunAs: an fsGroup outside the ranges",
        object: examplePod("fsgroup-2000", {
          securityContext: { fsGroup: 2000 },
          containers: [exampleContainer("app")],
        }),
        params: { rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "MustRunAs: no fsGroup, in a Deployment",
        object: exampleDeployment("fsgroup-unset", { containers: [exampleContainer("app")] }),
        params: { rule: "MustRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "MustRunAs with no ranges denies every pod",
        object: examplePod("fsgroup-no-ranges", {
          securityContext: { fsGroup: 500 },
          containers: [exampleContainer("app")],
        }),
        params: { rule: "MustRunAs", ranges: [] },
      },
    ],
    allowed: [
      {
        title: "MayRunAs: an fsGroup inside the ranges",
        object: examplePod("fsgroup-500", {
          securityContext: { fsGroup: 500 },
          containers: [exampleContainer("app")],
        }),
        params: { rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "MayRunAs: no fsGroup",
        object: examplePod("fsgroup-none", { containers: [exampleContainer("app")] }),
        params: { rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "MustRunAs: an fsGroup at the lower end of a range (inclusive)",
        object: examplePod("fsgroup-1", {
          securityContext: { fsGroup: 1 },
          containers: [exampleContainer("app")],
        }),
        params: { rule: "MustRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "MayRunAs: an fsGroup at the upper end of a range (inclusive)",
        object: examplePod("fsgroup-1000", {
          securityContext: { fsGroup: 1000 },
          containers: [exampleContainer("app")],
        }),
        params: { rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] },
      },
      {
        title: "RunAsAny (the default): any fsGroup",
        object: examplePod("fsgroup-any", {
          securityContext: { fsGroup: 0 },
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "k8spspfsgroup",
    anchor: "pod-security-policy/fsgroup",
    constraintKind: "K8sPSPFSGroup",
    title: "FS Group",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Controls allocating an FSGroup that owns the Pod's volumes, from `spec.securityContext.fsGroup`: with `rule: MustRunAs` it must be set and inside one of `ranges`; with `MayRunAs` it may be unset, and when set must be inside one of `ranges`; `RunAsAny` (also when `rule` is absent, our default) allows any. Empty `ranges` deny every fsGroup under MustRunAs and MayRunAs. Corresponds to the `fsGroup` field in a PodSecurityPolicy. One violation per pod. Updates are not reviewed.",
    remediation: "Set spec.securityContext.fsGroup to a group ID inside the allowed ranges.",
  },
  match: { operations: ["CREATE"] },
  params: {
    rule: param.string("How fsGroup is checked: MustRunAs, MayRunAs or RunAsAny.", "RunAsAny"),
    ranges: param.custom<{ min?: number; max?: number }[]>(
      {
        type: "array",
        description: "The group ID ranges fsGroup must fall in under MustRunAs and MayRunAs.",
        items: {
          type: "object",
          properties: {
            min: { type: "integer", description: "Lowest group ID of the range (inclusive)." },
            max: { type: "integer", description: "Highest group ID of the range (inclusive)." },
          },
        },
      },
      [{ min: 1, max: 65535 }],
    ),
  },
  violations: ({ pod, metadata, params }) => {
    const fsGroup = read(pod.securityContext.fsGroup, 0);
    const inRange = any(params.ranges, (r) =>
      and(exists(r.min), exists(r.max), le(read(r.min, 0), fsGroup), ge(read(r.max, 0), fsGroup)),
    );
    const allowed = or(
      eq(params.rule, "RunAsAny"),
      and(eq(params.rule, "MustRunAs"), exists(pod.securityContext.fsGroup), inRange),
      and(eq(params.rule, "MayRunAs"), or(not(exists(pod.securityContext.fsGroup)), inRange)),
    );
    return [
      violation({
        when: not(allowed),
        field: pod.securityContext.fsGroup,
        message: msg`The provided pod spec fsGroup is not allowed, pod: ${metadata.name}. Allowed fsGroup rule: ${params.rule}; set spec.securityContext.fsGroup inside the allowed ranges`,
      }),
    ];
  },
});
