import {
  and,
  at,
  defineRule,
  eq,
  exists,
  forEachContainer,
  isQuantity,
  msg,
  ne,
  not,
  or,
  param,
  quantity,
  read,
  startsWith,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  type Pred,
  type Ref,
  type Value,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Containers must set cpu and memory limits, as quantities, at most the maximums when those are set. */
export default defineRule({
  equivalentMutants: {
    'violations[1].when.args[3].args[1].right: "" → "tollgate-mutant"':
      "an empty limit is denied either way: as not a quantity where not as missing",
    'violations[4].when.args[2].args[1].right: "" → "tollgate-mutant"':
      "an empty limit is denied either way: as not a quantity where not as missing",
  },
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container without resources",
        object: examplePod("no-limits", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a memory limit above the maximum, compared as quantities",
        object: examplePod("too-much-memory", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "2Gi" } } })],
        }),
        params: { cpu: "1", memory: "1500Mi" },
      },
      {
        title: "an init container of a Deployment without a memory limit",
        object: exampleDeployment("init-no-memory", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "512Mi" } } })],
          initContainers: [exampleContainer("init", { resources: { limits: { cpu: "100m" } } })],
        }),
      },
      {
        title: "a cpu limit that is not a quantity",
        object: examplePod("unparsable", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "two", memory: "1Gi" } } })],
        }),
      },
      {
        title: "an empty cpu limit",
        object: examplePod("empty-cpu", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "", memory: "1Gi" } } })],
        }),
      },
      {
        title: "an empty memory limit",
        object: examplePod("empty-memory", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "" } } })],
        }),
      },
      {
        title: "a cpu limit above the maximum",
        object: examplePod("too-much-cpu", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "2", memory: "512Mi" } } })],
        }),
        params: { cpu: "1" },
      },
      {
        title: "a cpu maximum with a negative exponent is a maximum (1e-3 is a thousandth of a cpu)",
        object: examplePod("tiny-cpu-maximum", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "512Mi" } } })],
        }),
        params: { cpu: "1e-3" },
      },
      {
        title: "a memory maximum with a negative exponent is a maximum",
        object: examplePod("tiny-memory-maximum", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "512Mi" } } })],
        }),
        params: { memory: "1e-3" },
      },
    ],
    allowed: [
      {
        title: "cpu and memory limits set",
        object: examplePod("limits", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "512Mi" } } })],
        }),
      },
      {
        title: "limits equal to the maximums (the maximum is inclusive)",
        object: examplePod("at-maximum", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "1000m", memory: "1Gi" } } })],
        }),
        params: { cpu: "1", memory: "1024Mi" },
      },
      {
        title: "cpu limits not checked when cpu is -1",
        object: examplePod("memory-only", {
          containers: [exampleContainer("app", { resources: { limits: { memory: "1Gi" } } })],
        }),
        params: { cpu: "-1", memory: "1Gi" },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal/tools/debug:1.0.0" })],
        }),
        params: { exemptImages: ["registry.aibos.internal/tools/*"] },
      },
      {
        title: "a negative maximum other than cpu -1 means no maximum",
        object: examplePod("negative-maximums", {
          containers: [exampleContainer("app", { resources: { limits: { cpu: "500m", memory: "512Mi" } } })],
        }),
        params: { cpu: "-2", memory: "-1Gi" },
      },
    ],
  }),
  meta: {
    id: "k8scontainerlimits",
    anchor: "general/containerlimits",
    constraintKind: "K8sContainerLimits",
    title: "Container Limits",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires containers (containers, initContainers) to set resources.limits.cpu and resources.limits.memory as Kubernetes quantities, and each limit to be at most the `cpu` / `memory` parameter when that is set (a limit equal to the maximum is allowed; quantities compare by value, so `1Gi` equals `1024Mi`). A container without resources.limits gets one violation; a missing or empty cpu or memory entry gets one each; a value that is not a quantity is denied. Setting `cpu` to `-1` turns every cpu check off. Images in `exemptImages` are not checked.",
    remediation:
      "Set resources.limits.cpu and resources.limits.memory on every container and init container, within the maximums.",
  },
  params: {
    cpu: param.string(
      "The maximum allowed cpu limit on a container, inclusive; empty means no maximum, `-1` disables every cpu check.",
      "",
    ),
    memory: param.string(
      "The maximum allowed memory limit on a container, inclusive; empty means no maximum.",
      "",
    ),
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer(
      (c) => {
        const notExempt = not(isExemptImage(read(c.image, ""), params.exemptImages));
        const limits = c.resources.limits;
        const hasMaximum = (max: Value<string>): Pred => and(isQuantity(max), not(startsWith(max, "-")));
        const resource = (name: "cpu" | "memory", max: Value<string>, ...enabled: Pred[]) => {
          const ref = at(limits, name) as Ref<string>;
          const value = read(ref, "");
          return [
            violation({
              when: and(notExempt, ...enabled, exists(limits), or(not(exists(ref)), eq(value, ""))),
              field: ref,
              message: msg`container <${c.name}> has no ${name} limit: set resources.limits.${name}`,
            }),
            violation({
              when: and(notExempt, ...enabled, exists(ref), not(isQuantity(value))),
              field: ref,
              message: msg`container <${c.name}> ${name} limit <${value}> could not be parsed: write it as a Kubernetes quantity`,
            }),
            violation({
              when: and(notExempt, ...enabled, hasMaximum(max), quantity.gt(value, max)),
              field: ref,
              message: msg`container <${c.name}> ${name} limit is higher than the maximum allowed of <${max}>: lower resources.limits.${name}`,
            }),
          ];
        };
        return [
          violation({
            when: and(notExempt, not(exists(limits))),
            field: limits,
            message: msg`container <${c.name}> has no resource limits: set resources.limits.cpu and resources.limits.memory`,
          }),
          ...resource("cpu", params.cpu, ne(params.cpu, "-1")),
          ...resource("memory", params.memory),
        ];
      },
      ["containers", "initContainers"],
    ),
});
