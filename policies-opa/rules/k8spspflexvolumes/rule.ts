import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  examplePod,
  exists,
  forEach,
  msg,
  not,
  param,
  read,
  violation,
} from "@tollgate/rule-dsl";

/** FlexVolume volumes may only use allowed drivers. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a FlexVolume with a driver that is not allowed",
        object: examplePod("flex-unknown", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "data", mountPath: "/data", readOnly: true }] }),
          ],
          volumes: [{ name: "data", flexVolume: { driver: "example/testdriver" } }],
        }),
      },
      {
        title: "a FlexVolume without a driver",
        object: {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "flex-no-driver", namespace: "default" },
          spec: {
            containers: [{ name: "app", image: "registry.aibos.internal/app:1.0.0" }],
            volumes: [{ name: "data", flexVolume: { options: { size: "1Gi" } } }],
          },
        },
      },
    ],
    allowed: [
      {
        title: "a FlexVolume with an allowed driver",
        object: examplePod("flex-lvm", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "data", mountPath: "/data", readOnly: true }] }),
          ],
          volumes: [{ name: "data", flexVolume: { driver: "example/lvm" } }],
        }),
      },
      {
        title: "a driver the Constraint allows, outside the default list",
        object: examplePod("flex-vendor", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "data", flexVolume: { driver: "vendor.example/nfs" } }],
        }),
        params: { allowedFlexVolumes: [{ driver: "vendor.example/nfs" }] },
      },
      {
        title: "no FlexVolume",
        object: examplePod("no-flex", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "cache", emptyDir: {} }],
        }),
      },
    ],
  },
  meta: {
    id: "k8spspflexvolumes",
    anchor: "pod-security-policy/flexvolume-drivers",
    constraintKind: "K8sPSPFlexVolumes",
    title: "FlexVolumes",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Controls the allow-list of FlexVolume drivers: every volume of `spec.volumes` with a `flexVolume` must name, in `flexVolume.driver`, a driver listed in `allowedFlexVolumes`. Corresponds to the `allowedFlexVolumes` field in PodSecurityPolicy. Updates are not reviewed.",
    remediation: "Use a FlexVolume driver from the allow-list, or another volume type.",
  },
  match: { operations: ["CREATE"] },
  params: {
    allowedFlexVolumes: param.custom<{ driver?: string }[]>(
      {
        type: "array",
        description: "The FlexVolume drivers pods may use, one object per driver.",
        items: {
          type: "object",
          properties: {
            driver: { type: "string", description: "A driver name, as given in flexVolume.driver." },
          },
        },
      },
      [{ driver: "example/lvm" }, { driver: "example/cifs" }],
    ),
  },
  violations: ({ pod, metadata, params }) =>
    forEach(pod.volumes, (v) =>
      violation({
        when: and(
          exists(v.flexVolume),
          not(
            any(params.allowedFlexVolumes, (a) =>
              and(
                exists(a.driver),
                exists(v.flexVolume.driver),
                eq(read(a.driver, ""), read(v.flexVolume.driver, "")),
              ),
            ),
          ),
        ),
        field: v.flexVolume.driver,
        message: msg`FlexVolume ${v.name} with driver ${v.flexVolume.driver} is not allowed, pod: ${metadata.name}; use a driver listed in allowedFlexVolumes`,
      }),
    ),
});
