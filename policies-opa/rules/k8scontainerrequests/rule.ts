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
  param,
  quantity,
  read,
  violation,
  type Ref,
  examplePod,
  exampleDeployment,
  exampleContainer,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
} from "@tollgate/rule-dsl";

/** Containers must request cpu and memory, within the maximums when they are set. */
export default defineRule({
  equivalentMutants: {
    'violations[1].when.args[2].right: "" → "tollgate-mutant"':
      "an empty request is denied either way, as missing",
    'violations[4].when.args[2].right: "" → "tollgate-mutant"':
      "an empty request is denied either way, as missing",
    'violations[2].when.args[1].right: "" → "tollgate-mutant"':
      "a maximum that is not a quantity is exceeded by nothing, so the test for an empty one changes no verdict",
    'violations[5].when.args[1].right: "" → "tollgate-mutant"':
      "a maximum that is not a quantity is exceeded by nothing, so the test for an empty one changes no verdict",
  },
  examples: withExemptImagesExamples({
    denied: [
      { title: "no requests", object: examplePod("no-requests", { containers: [exampleContainer("app")] }) },
      {
        title: "memory above the maximum, compared as quantities",
        object: examplePod("too-much", {
          containers: [exampleContainer("app", { resources: { requests: { cpu: "500m", memory: "2Gi" } } })],
        }),
        params: { cpu: "2", memory: "1500Mi" },
      },
      {
        title: "a cpu request that is not a quantity",
        object: exampleDeployment("unparsable", {
          containers: [exampleContainer("app", { resources: { requests: { cpu: "half", memory: "1Gi" } } })],
        }),
      },
      {
        title: "a memory request that is not a quantity",
        object: examplePod("unparsable-memory", {
          containers: [exampleContainer("app", { resources: { requests: { cpu: "250m", memory: "lots" } } })],
        }),
      },
      {
        title: "a cpu request above the maximum",
        object: examplePod("too-much-cpu", {
          containers: [
            exampleContainer("app", { resources: { requests: { cpu: "1500m", memory: "256Mi" } } }),
          ],
        }),
        params: { cpu: "1" },
      },
    ],
    allowed: [
      {
        title: "cpu and memory requested",
        object: examplePod("requests", {
          containers: [
            exampleContainer("app", { resources: { requests: { cpu: "250m", memory: "256Mi" } } }),
          ],
        }),
      },
      {
        title: "within the maximums",
        object: examplePod("within", {
          containers: [exampleContainer("app", { resources: { requests: { cpu: "1", memory: "1Gi" } } })],
        }),
        params: { cpu: "1000m", memory: "1024Mi" },
      },
    ],
  }),
  meta: {
    id: "k8scontainerrequests",
    anchor: "general/containerrequests",
    constraintKind: "K8sContainerRequests",
    title: "Container Requests",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires containers (containers, initContainers) to have memory and CPU requests set, as Kubernetes quantities, and constrains requests to be at most the specified maximum values when those are set. Quantities are compared by value (`1Gi` is more than `1000Mi`).",
    remediation:
      "Set resources.requests.cpu and resources.requests.memory on every container, within the maximums.",
  },
  params: {
    cpu: param.string(
      "The maximum allowed cpu request on a container, inclusive; empty means no maximum.",
      "",
    ),
    memory: param.string(
      "The maximum allowed memory request on a container, inclusive; empty means no maximum.",
      "",
    ),
    exemptImages: exemptImagesParam(),
  },
  violations: ({ params }) =>
    forEachContainer(
      (c) => {
        const notExempt = not(isExemptImage(read(c.image, ""), params.exemptImages));
        const resource = (name: "cpu" | "memory", ref: Ref<unknown>, max: typeof params.cpu) => {
          const value = read(ref as Ref<string>, "");
          return [
            violation({
              when: and(notExempt, eq(value, "")),
              field: ref,
              message: msg`container ${c.name} has no ${name} request: set resources.requests.${name}`,
            }),
            violation({
              when: and(notExempt, exists(ref), ne(value, ""), not(isQuantity(value))),
              field: ref,
              message: msg`container ${c.name} ${name} request ${value} could not be parsed as a quantity`,
            }),
            violation({
              when: and(notExempt, ne(max, ""), quantity.gt(value, max)),
              field: ref,
              message: msg`container ${c.name} ${name} request ${value} is higher than the maximum allowed of ${max}`,
            }),
          ];
        };
        return [
          ...resource("cpu", at(c.resources.requests, "cpu"), params.cpu),
          ...resource("memory", at(c.resources.requests, "memory"), params.memory),
        ];
      },
      ["containers", "initContainers"],
    ),
});
