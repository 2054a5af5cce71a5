import {
  and,
  any,
  builtOnce,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  fieldPath,
  forEachContainer,
  ge,
  ifThen,
  itself,
  le,
  msg,
  ne,
  not,
  or,
  param,
  read,
  readField,
  typed,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  type ParamSchema,
  type Pred,
  type Value,
  type Violation,
} from "@tollgate/rule-dsl";

type Range = { min?: number; max?: number };
type Strategy = { rule?: string; ranges?: Range[] };
type StrategyParam = "runAsUser" | "runAsGroup" | "supplementalGroups" | "fsGroup";

/** The JSON schema of one strategy parameter (`runAsUser`, `runAsGroup`, ...). */
function strategySchema(what: string, rules: string[], idKind: "user" | "group"): ParamSchema {
  return {
    type: "object",
    description: `Which ${what} values a pod or container securityContext may use.`,
    properties: {
      rule: { type: "string", description: `How ${what} is checked: ${rules.join(", ")}.` },
      ranges: {
        type: "array",
        description: `The ${idKind} ID ranges the rule allows.`,
        items: {
          type: "object",
          description: `One range of ${idKind} IDs.`,
          properties: {
            min: { type: "integer", description: `Lowest ${idKind} ID of the range (inclusive).` },
            max: { type: "integer", description: `Highest ${idKind} ID of the range (inclusive).` },
          },
        },
      },
    },
  };
}

/** Whether an ID lies in one of the ranges (ranges without both bounds match nothing). */
function inRanges(id: Value<number>, ranges: Value<Range[]>): Pred {
  return any(ranges, (r) =>
    and(exists(r.min), exists(r.max), ge(id, read(r.min, 0)), le(id, read(r.max, 0))),
  );
}

/** The security-context fields this rule reads, on the pod and (for the first three) on containers. */
type IdFields = {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
  supplementalGroups?: number[];
};

/**
 * Containers must run with user and group IDs the Constraint allows, reading each field from
 * the container's securityContext, else the pod's. Updates are not reviewed.
 */
export default defineRule({
  equivalentMutants: Object.fromEntries(
    [
      "violations[0].when.args[2].arg.args[1].args[1].left.else",
      "violations[3].when.args[2].arg.args[1].args[1].body.args[2].left.else",
      "violations[5].when.args[2].arg.args[1].args[1].body.args[2].left.else",
    ].map((at) => [
      `${at}: default 0 → 1`,
      "the pod's ID is read only where the container has none and set() said one of the two is there",
    ]),
  ),
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container running as root (runAsUser 0)",
        object: examplePod("root", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 0, runAsGroup: 0 } })],
        }),
      },
      {
        title: "no runAsUser and no runAsNonRoot, in a Deployment",
        object: exampleDeployment("unset", { containers: [exampleContainer("app")] }),
      },
      {
        title: "runAsNonRoot false on the container overrides true on the pod",
        object: examplePod("non-root-false", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app", { securityContext: { runAsNonRoot: false } })],
        }),
      },
      {
        title: "MustRunAs: a user, group, fsGroup and supplemental group outside the ranges",
        object: examplePod("out-of-range", {
          securityContext: { supplementalGroups: [250], fsGroup: 250 },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 250, runAsGroup: 250 } })],
        }),
        params: {
          runAsUser: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          runAsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          fsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
        },
      },
      {
        title: "MustRunAs: no runAsGroup at all",
        object: examplePod("no-group", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 150 } })],
        }),
        params: {
          runAsUser: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          runAsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
        },
      },
      {
        title: "MustRunAs: no runAsUser at all",
        object: examplePod("no-user", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app")],
        }),
        params: { runAsUser: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
      {
        title: "MustRunAs: only runAsGroup outside the ranges",
        object: examplePod("group-out-of-range", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000, runAsGroup: 250 } })],
        }),
        params: { runAsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
      {
        title: "MustRunAs: only the fsGroup outside the ranges",
        object: examplePod("fs-group-out-of-range", {
          securityContext: { fsGroup: 250 },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
        }),
        params: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
      {
        title: "MustRunAs: no fsGroup at all",
        object: examplePod("no-fs-group", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
        }),
        params: { fsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
      {
        title: "MustRunAs: no supplementalGroups at all",
        object: examplePod("no-supplemental-groups", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
        }),
        params: { supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
      {
        title: "MayRunAs: one supplemental group outside the ranges, beside one inside",
        object: examplePod("one-group-out-of-range", {
          securityContext: { supplementalGroups: [150, 250] },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
        }),
        params: { supplementalGroups: { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] } },
      },
    ],
    allowed: [
      {
        title: "a non-root user and group",
        object: examplePod("non-root", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000, runAsGroup: 1000 } })],
        }),
      },
      {
        title: "runAsNonRoot on the pod, inherited by every container",
        object: examplePod("pod-non-root", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app")],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "MustRunAs: IDs inside the ranges, from the pod and the container",
        object: examplePod("in-range", {
          securityContext: { runAsUser: 199, supplementalGroups: [199], fsGroup: 199 },
          containers: [exampleContainer("app", { securityContext: { runAsGroup: 150 } })],
        }),
        params: {
          runAsUser: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          runAsGroup: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 100, max: 200 }] },
          fsGroup: { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] },
        },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [
            exampleContainer("legacy", {
              image: "registry.aibos.internal/legacy:3",
              securityContext: { runAsUser: 0 },
            }),
          ],
        }),
        params: { exemptImages: ["registry.aibos.internal/legacy:*"] },
      },
      {
        title: "strategies without a rule check nothing, root included",
        object: examplePod("no-rules", {
          securityContext: { fsGroup: 0, supplementalGroups: [0] },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 0, runAsGroup: 0 } })],
        }),
        params: { runAsUser: {}, runAsGroup: {}, supplementalGroups: {}, fsGroup: {} },
      },
      {
        title: "RunAsAny: any user, root included",
        object: examplePod("any-user", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 0 } })],
        }),
        params: { runAsUser: { rule: "RunAsAny" } },
      },
      ...[200, 300].map((id) => ({
        title: `MustRunAs with two ranges: every ID at ${id}, an end of one of them`,
        object: examplePod(`range-end-${id}`, {
          securityContext: { fsGroup: id, supplementalGroups: [id] },
          containers: [exampleContainer("app", { securityContext: { runAsUser: id, runAsGroup: id } })],
        }),
        params: Object.fromEntries(
          ["runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"].map((p) => [
            p,
            {
              rule: "MustRunAs",
              ranges: [
                { min: 100, max: 200 },
                { min: 300, max: 400 },
              ],
            },
          ]),
        ),
      })),
      {
        title: "MayRunAs: IDs inside the ranges",
        object: examplePod("may-in-range", {
          securityContext: { fsGroup: 150, supplementalGroups: [150] },
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000, runAsGroup: 150 } })],
        }),
        params: Object.fromEntries(
          ["runAsGroup", "supplementalGroups", "fsGroup"].map((p) => [
            p,
            { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] },
          ]),
        ),
      },
      {
        title: "MayRunAs: no group IDs set at all",
        object: examplePod("may-unset", {
          containers: [exampleContainer("app", { securityContext: { runAsUser: 1000 } })],
        }),
        params: Object.fromEntries(
          ["runAsGroup", "supplementalGroups", "fsGroup"].map((p) => [
            p,
            { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] },
          ]),
        ),
      },
    ],
  }),
  meta: {
    id: "k8spspallowedusers",
    anchor: "pod-security-policy/users",
    constraintKind: "K8sPSPAllowedUsers",
    title: "Allowed Users",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the user and group IDs of the container and some volumes, for each container (containers, initContainers, ephemeralContainers), reading each of `runAsUser`, `runAsGroup`, `supplementalGroups`, `fsGroup` and `runAsNonRoot` from the container's securityContext, else the pod's `spec.securityContext`. `runAsUser.rule`: `MustRunAs` requires a user ID inside `ranges`; `MustRunAsNonRoot` requires a user ID other than 0, or, without one, `runAsNonRoot: true`; `RunAsAny` allows any. `runAsGroup`, `supplementalGroups` and `fsGroup` rules: `MustRunAs` requires the ID(s) set and inside `ranges`; `MayRunAs` checks them only when set; `RunAsAny` allows any. A strategy without `rule` checks nothing. Corresponds to the `runAsUser`, `runAsGroup`, `supplementalGroups` and `fsGroup` fields in a PodSecurityPolicy. Images in `exemptImages` are skipped. Updates are not reviewed.",
    remediation:
      "Run as a non-root user: set securityContext.runAsNonRoot to true and runAsUser/runAsGroup to allowed IDs.",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
    runAsUser: param.custom<Strategy>(
      strategySchema("user ID", ["MustRunAs", "MustRunAsNonRoot", "RunAsAny"], "user"),
      { rule: "MustRunAsNonRoot" },
    ),
    runAsGroup: param.custom<Strategy>(
      strategySchema("group ID", ["MustRunAs", "MayRunAs", "RunAsAny"], "group"),
      { rule: "RunAsAny" },
    ),
    supplementalGroups: param.custom<Strategy>(
      strategySchema("supplementalGroups", ["MustRunAs", "MayRunAs", "RunAsAny"], "group"),
      { rule: "RunAsAny" },
    ),
    fsGroup: param.custom<Strategy>(
      strategySchema("fsGroup", ["MustRunAs", "MayRunAs", "RunAsAny"], "group"),
      { rule: "RunAsAny" },
    ),
  },
  violations: ({ pod, params }) =>
    forEachContainer((c) => {
      // Each piece below is built once and shared by the violations that use it.
      const notExempt = not(isExemptImage(read(c.image, ""), params.exemptImages));
      const containerFields = typed<IdFields>(c.securityContext);
      const podFields = typed<IdFields>(pod.securityContext);
      const own = builtOnce((f: keyof IdFields) => exists(containerFields[f]));
      const set = builtOnce((f: keyof IdFields) => or(own(f), exists(podFields[f])));
      const unset = builtOnce((f: keyof IdFields) => not(set(f)));
      const id = builtOnce((f: "runAsUser" | "runAsGroup" | "fsGroup") =>
        ifThen(own(f), read(containerFields[f], 0), read(podFields[f], 0)),
      );
      const where = builtOnce((f: keyof IdFields) =>
        ifThen(own(f), fieldPath(containerFields[f]), fieldPath(podFields[f])),
      );
      const strategy = (p: StrategyParam): Value<Strategy> => params[p];
      const rule = builtOnce((p: StrategyParam) => readField<string>(strategy(p), ["rule"], "RunAsAny"));
      const ranges = builtOnce((p: StrategyParam) => readField<Range[]>(strategy(p), ["ranges"], []));
      const accepts = (p: StrategyParam, value: Value<number>) =>
        or(
          eq(rule(p), "RunAsAny"),
          and(or(eq(rule(p), "MustRunAs"), eq(rule(p), "MayRunAs")), inRanges(value, ranges(p))),
        );

      const user = id("runAsUser");
      const nonRoot = ifThen(
        own("runAsNonRoot"),
        read(containerFields.runAsNonRoot, false),
        read(podFields.runAsNonRoot, false),
      );
      const userViolations: Violation[] = [
        violation({
          when: and(
            notExempt,
            set("runAsUser"),
            not(
              or(
                eq(rule("runAsUser"), "RunAsAny"),
                and(eq(rule("runAsUser"), "MustRunAsNonRoot"), ne(user, 0)),
                and(eq(rule("runAsUser"), "MustRunAs"), inRanges(user, ranges("runAsUser"))),
              ),
            ),
          ),
          field: where("runAsUser"),
          message: msg`Container ${c.name} is attempting to run as a disallowed user (runAsUser rule ${rule("runAsUser")}); set securityContext.runAsUser to an allowed user ID`,
        }),
        violation({
          when: and(notExempt, unset("runAsUser"), eq(rule("runAsUser"), "MustRunAs")),
          field: where("runAsUser"),
          message: msg`Container ${c.name} is attempting to run without a required securityContext/runAsUser; set runAsUser to a user ID inside the allowed ranges`,
        }),
        violation({
          when: and(
            notExempt,
            unset("runAsUser"),
            eq(rule("runAsUser"), "MustRunAsNonRoot"),
            ne(nonRoot, true),
          ),
          field: where("runAsNonRoot"),
          message: msg`Container ${c.name} is attempting to run without a required securityContext/runAsNonRoot or securityContext/runAsUser != 0; set runAsNonRoot to true or runAsUser to a non-zero ID`,
        }),
      ];
      const groupViolations = (["runAsGroup", "fsGroup"] as const).flatMap((f) => [
        violation({
          when: and(notExempt, set(f), not(accepts(f, id(f)))),
          field: where(f),
          message: msg`Container ${c.name} is attempting to run as disallowed ${f} (rule ${rule(f)}); set ${f} inside the allowed ranges`,
        }),
        violation({
          when: and(notExempt, unset(f), eq(rule(f), "MustRunAs")),
          field: where(f),
          message: msg`Container ${c.name} is attempting to run without a required securityContext/${f}; set ${f} inside the allowed ranges`,
        }),
      ]);
      const groups = ifThen(
        own("supplementalGroups"),
        read(containerFields.supplementalGroups, []),
        read(podFields.supplementalGroups, []),
      );
      const supplementalViolations = [
        violation({
          when: and(
            notExempt,
            set("supplementalGroups"),
            any(groups, (g) => not(accepts("supplementalGroups", itself(g)))),
          ),
          field: where("supplementalGroups"),
          message: msg`Container ${c.name} is attempting to run with disallowed supplementalGroups (rule ${rule("supplementalGroups")}); keep every supplemental group inside the allowed ranges`,
        }),
        violation({
          when: and(notExempt, unset("supplementalGroups"), eq(rule("supplementalGroups"), "MustRunAs")),
          field: where("supplementalGroups"),
          message: msg`Container ${c.name} is attempting to run without a required securityContext/supplementalGroups; set supplementalGroups inside the allowed ranges`,
        }),
      ];
      return [...userViolations, ...groupViolations, ...supplementalViolations];
    }),
});
