import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  fieldPath,
  gt,
  ifThen,
  lt,
  msg,
  not,
  or,
  param,
  read,
  violation,
  exemptImagesParam,
  withExemptImagesExamples,
  isExemptImage,
  type Pred,
  type Ref,
  type Value,
} from "@tollgate/rule-dsl";
import type { V1PodSpec } from "@kubernetes/client-node";

/** Whether a non-exempt container of the list declares a hostPort outside `min`..`max`. */
function portOutOfRange(
  list: Ref<V1PodSpec["containers"]>,
  min: Value<number>,
  max: Value<number>,
  exemptImages: Value<string[]>,
): Pred {
  return any(list, (c) =>
    and(
      not(isExemptImage(read(c.image, ""), exemptImages)),
      any(c.ports, (p) =>
        and(exists(p.hostPort), or(lt(read(p.hostPort, 0), min), gt(read(p.hostPort, 0), max))),
      ),
    ),
  );
}

type ContainerList = "containers" | "initContainers" | "ephemeralContainers";

/** A pod whose `list` holds one container with these hostPorts (and an app container beside it). */
function withHostPorts(name: string, list: ContainerList, hostPorts: number[]) {
  const ports = hostPorts.map((hostPort) => ({ containerPort: hostPort, hostPort }));
  const holder = exampleContainer(list === "containers" ? "app" : "helper", { ports });
  return examplePod(name, {
    containers: list === "containers" ? [holder] : [exampleContainer("app")],
    ...(list === "containers" ? {} : { [list]: [holder] }),
  });
}

const LISTS: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];
const CUSTOM_RANGE = { min: 1000, max: 2000 };

/**
 * No host network unless allowed, and every hostPort inside `min`..`max`. The template reports
 * one violation per pod. Updates are not reviewed.
 */
export default defineRule({
  examples: withExemptImagesExamples(
    {
      denied: [
        {
          title: "a pod on the host network",
          object: examplePod("host-network", { hostNetwork: true, containers: [exampleContainer("app")] }),
        },
        {
          title: "a hostPort above the range",
          object: examplePod("port-9001", {
            containers: [exampleContainer("app", { ports: [{ containerPort: 9001, hostPort: 9001 }] })],
          }),
        },
        {
          title: "a hostPort below the range in an init container of a Deployment",
          object: exampleDeployment("port-22", {
            containers: [exampleContainer("app")],
            initContainers: [exampleContainer("init", { ports: [{ containerPort: 22, hostPort: 22 }] })],
          }),
        },
        {
          title: "an exempt image on the host network (the pod-level setting is never exempt)",
          object: examplePod("exempt-host-network", {
            hostNetwork: true,
            containers: [
              exampleContainer("agent", {
                image: "registry.aibos.internal/node-agent:1",
                ports: [{ containerPort: 9100, hostPort: 9100 }],
              }),
            ],
          }),
          params: { exemptImages: ["registry.aibos.internal/node-agent:*"] },
        },
        {
          title: "a hostPort above the range in an ephemeral container",
          object: withHostPorts("ephemeral-port-9001", "ephemeralContainers", [9001]),
        },
        ...LISTS.flatMap((list) => [
          {
            title: `${list}: a hostPort below a custom range, above the default one`,
            object: withHostPorts(`${list.toLowerCase()}-below-custom`, list, [500]),
            params: CUSTOM_RANGE,
          },
          {
            title: `${list}: a hostPort above a custom range, below the default one`,
            object: withHostPorts(`${list.toLowerCase()}-above-custom`, list, [5000]),
            params: CUSTOM_RANGE,
          },
        ]),
      ],
      allowed: [
        {
          title: "a hostPort inside the range",
          object: examplePod("port-80", {
            containers: [exampleContainer("app", { ports: [{ containerPort: 8080, hostPort: 80 }] })],
          }),
        },
        {
          title: "the host network where the Constraint allows it, without ports",
          object: examplePod("host-network-allowed", {
            hostNetwork: true,
            containers: [exampleContainer("app")],
          }),
          params: { hostNetwork: true },
        },
        {
          title: "an exempt image with a hostPort out of range",
          object: examplePod("exempt-port", {
            containers: [
              exampleContainer("agent", {
                image: "registry.aibos.internal/node-agent:1",
                ports: [{ containerPort: 9100, hostPort: 9100 }],
              }),
            ],
          }),
          params: { exemptImages: ["registry.aibos.internal/node-agent:*"] },
        },
        {
          title: "hostPorts at both ends of a custom range (inclusive), in every container list",
          object: examplePod("custom-range-ends", {
            containers: [
              exampleContainer("app", {
                ports: [1000, 2000].map((p) => ({ containerPort: p, hostPort: p })),
              }),
            ],
            initContainers: [
              exampleContainer("init", {
                ports: [1000, 2000].map((p) => ({ containerPort: p, hostPort: p })),
              }),
            ],
            ephemeralContainers: [
              exampleContainer("debug", {
                ports: [1000, 2000].map((p) => ({ containerPort: p, hostPort: p })),
              }),
            ],
          }),
          params: CUSTOM_RANGE,
        },
      ],
    },
    // The port check tests exemption once per container list.
    {
      from: [
        { example: 1, list: "containers" },
        { example: 2, list: "initContainers" },
        { example: 3, list: "ephemeralContainers" },
      ],
    },
  ),
  meta: {
    id: "k8spsphostnetworkingports",
    anchor: "pod-security-policy/host-network-ports",
    constraintKind: "K8sPSPHostNetworkingPorts",
    title: "Host Networking Ports",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls usage of the host network namespace by pod containers: `spec.hostNetwork` must not be `true` unless `hostNetwork` is true, and every `ports[].hostPort` of a container (containers, initContainers, ephemeralContainers) must lie within `min`..`max`. Corresponds to the `hostNetwork` and `hostPorts` fields in a PodSecurityPolicy. Images in `exemptImages` are skipped for the port check; the pod-level hostNetwork is never exempt. One violation per pod. Updates are not reviewed.",
    remediation: "Set spec.hostNetwork to false and use hostPorts inside the allowed range (or none).",
  },
  match: { operations: ["CREATE"] },
  params: {
    exemptImages: exemptImagesParam(),
    hostNetwork: param.boolean("Whether pods may set spec.hostNetwork to true.", false),
    min: param.integer("Lowest hostPort a container may declare (inclusive).", 80),
    max: param.integer("Highest hostPort a container may declare (inclusive).", 9000),
  },
  violations: ({ pod, metadata, params }) => {
    const hostNetworkDenied = and(not(eq(params.hostNetwork, true)), eq(read(pod.hostNetwork, false), true));
    const ports = (list: Ref<V1PodSpec["containers"]>) =>
      portOutOfRange(list, params.min, params.max, params.exemptImages);
    const initContainers = pod.initContainers as Ref<V1PodSpec["containers"]>;
    const ephemeralContainers = pod.ephemeralContainers as Ref<V1PodSpec["containers"]>;
    return [
      violation({
        when: or(hostNetworkDenied, ports(pod.containers), ports(initContainers), ports(ephemeralContainers)),
        field: ifThen(
          hostNetworkDenied,
          fieldPath(pod.hostNetwork),
          ifThen(
            ports(pod.containers),
            msg`${fieldPath(pod.containers)}[].ports[].hostPort`,
            ifThen(
              ports(initContainers),
              msg`${fieldPath(initContainers)}[].ports[].hostPort`,
              msg`${fieldPath(ephemeralContainers)}[].ports[].hostPort`,
            ),
          ),
        ),
        message: msg`The specified hostNetwork and hostPort are not allowed, pod: ${metadata.name}; set hostNetwork to false unless allowed, and keep every hostPort inside the allowed range`,
      }),
    ];
  },
});
