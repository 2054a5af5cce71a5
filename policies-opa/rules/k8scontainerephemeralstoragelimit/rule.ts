import {
  and,
  at,
  defineRule,
  eq,
  exists,
  forEachContainer,
  isQuantity,
  msg,
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
  type Ref,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

const limit = (value: string) => ({ resources: { limits: { "ephemeral-storage": value } } });

/** Containers must set an ephemeral-storage limit, as a quantity, at most the maximum when one is set. Updates are not reviewed. */
export default defineRule({
  equivalentMutants: {
    'violations[1].when.args[2].args[1].right: "" → "tollgate-mutant"':
      "an empty limit is denied either way: as not a quantity where not as missing",
  },
  examples: withExemptImagesExamples({
    denied: [
      {
        title: "a container without resources",
        object: examplePod("no-limits", { containers: [exampleContainer("app")] }),
      },
      {
        title: "limits without ephemeral-storage on an init container of a Deployment",
        object: exampleDeployment("init-no-storage", {
          containers: [exampleContainer("app", limit("1Gi"))],
          initContainers: [
            exampleContainer("init", { resources: { limits: { cpu: "100m", memory: "64Mi" } } }),
          ],
        }),
      },
      {
        title: "a limit above the maximum, compared as quantities",
        object: examplePod("too-much", { containers: [exampleContainer("app", limit("2.5Gi"))] }),
        params: { "ephemeral-storage": "2Gi" },
      },
      {
        title: "a limit that is not a quantity",
        object: examplePod("unparsable", { containers: [exampleContainer("app", limit("2.2 Ti"))] }),
      },
      {
        title: "an empty limit",
        object: examplePod("empty", { containers: [exampleContainer("app", limit(""))] }),
      },
      {
        title: "a maximum with a negative exponent is a maximum (1e-3 is a thousandth of a byte)",
        object: examplePod("tiny-maximum", { containers: [exampleContainer("app", limit("100Mi"))] }),
        params: { "ephemeral-storage": "1e-3" },
      },
    ],
    allowed: [
      {
        title: "an ephemeral-storage limit",
        object: examplePod("limited", { containers: [exampleContainer("app", limit("500Mi"))] }),
      },
      {
        title: "a limit within the maximum",
        object: examplePod("within", { containers: [exampleContainer("app", limit("100Mi"))] }),
        params: { "ephemeral-storage": "500Mi" },
      },
      {
        title: "an exempt image",
        object: examplePod("exempt", {
          containers: [exampleContainer("app", { image: "registry.aibos.internal/tools/debug:1.0.0" })],
        }),
        params: { exemptImages: ["registry.aibos.internal/tools/*"] },
      },
      {
        title: "a limit equal to the maximum, in other units (the maximum is inclusive)",
        object: examplePod("at-maximum", { containers: [exampleContainer("app", limit("1Gi"))] }),
        params: { "ephemeral-storage": "1024Mi" },
      },
      {
        title: "a negative maximum means no maximum",
        object: examplePod("negative-maximum", { containers: [exampleContainer("app", limit("100Gi"))] }),
        params: { "ephemeral-storage": "-1" },
      },
    ],
  }),
  meta: {
    id: "k8scontainerephemeralstoragelimit",
    anchor: "general/ephemeralstoragelimit",
    constraintKind: "K8sContainerEphemeralStorageLimit",
    title: "Container ephemeral storage limit",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      'Requires containers (containers, initContainers) to set resources.limits["ephemeral-storage"] as a Kubernetes quantity, at most the `ephemeral-storage` parameter when that is set (equal is allowed; quantities compare by value). A container without resources.limits gets one violation, a missing or empty entry another, a value that is not a quantity is denied. Images in `exemptImages` are not checked. Updates are not reviewed, since the field is immutable.',
    remediation:
      "Set resources.limits.ephemeral-storage on every container and init container, within the maximum.",
  },
  match: { operations: ["CREATE"] },
  params: {
    "ephemeral-storage": param.string(
      "The maximum allowed ephemeral-storage limit on a container, inclusive; empty means no maximum.",
      "",
    ),
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer(
      (c) => {
        const notExempt = not(isExemptImage(read(c.image, ""), params.exemptImages));
        const limits = c.resources.limits;
        const ref = at(limits, "ephemeral-storage") as Ref<string>;
        const value = read(ref, "");
        const max = params["ephemeral-storage"];
        return [
          violation({
            when: and(notExempt, not(exists(limits))),
            field: limits,
            message: msg`container <${c.name}> has no resource limits: set resources.limits.ephemeral-storage`,
          }),
          violation({
            when: and(notExempt, exists(limits), or(not(exists(ref)), eq(value, ""))),
            field: ref,
            message: msg`container <${c.name}> has no ephemeral-storage limit: set resources.limits.ephemeral-storage`,
          }),
          violation({
            when: and(notExempt, exists(ref), not(isQuantity(value))),
            field: ref,
            message: msg`container <${c.name}> ephemeral-storage limit <${value}> could not be parsed: write it as a Kubernetes quantity`,
          }),
          violation({
            when: and(notExempt, isQuantity(max), not(startsWith(max, "-")), quantity.gt(value, max)),
            field: ref,
            message: msg`container <${c.name}> ephemeral-storage limit is higher than the maximum allowed of <${max}>: lower resources.limits.ephemeral-storage`,
          }),
        ];
      },
      ["containers", "initContainers"],
    ),
});
