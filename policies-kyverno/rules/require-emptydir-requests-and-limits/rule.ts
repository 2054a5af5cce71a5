import {
  and,
  any,
  at,
  defineRule,
  eq,
  exists,
  forEachContainer,
  msg,
  not,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

const ephemeral = (amount: string) => ({
  requests: { "ephemeral-storage": amount },
  limits: { "ephemeral-storage": amount },
});

/**
 * Every init container and container that mounts an emptyDir volume without a `sizeLimit` must
 * set `resources.requests` and `resources.limits` for `ephemeral-storage`.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container mounts an emptyDir volume without ephemeral-storage requests or limits",
        object: examplePod("scratch-unbounded", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }),
            exampleContainer("sidecar", { resources: ephemeral("1Gi") }),
          ],
          volumes: [{ name: "scratch", emptyDir: {} }],
        }),
      },
      {
        title: "an ephemeral-storage request but no limit",
        object: examplePod("scratch-request-only", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { "ephemeral-storage": "1Gi" } },
              volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
            }),
          ],
          volumes: [{ name: "scratch", emptyDir: {} }],
        }),
      },
      {
        title: "memory limits are not ephemeral-storage limits",
        object: examplePod("scratch-memory-only", {
          containers: [
            exampleContainer("app", {
              resources: { requests: { memory: "1Gi" }, limits: { memory: "1Gi" } },
              volumeMounts: [{ name: "cache", mountPath: "/cache" }],
            }),
          ],
          volumes: [{ name: "cache", emptyDir: {} }],
        }),
      },
      {
        title: "a Deployment's init container mounts an unbounded emptyDir volume",
        object: exampleDeployment("scratch-init", {
          initContainers: [
            exampleContainer("prepare", { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }),
          ],
          containers: [
            exampleContainer("app", {
              resources: ephemeral("1Gi"),
              volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
            }),
          ],
          volumes: [{ name: "scratch", emptyDir: {} }],
        }),
      },
    ],
    allowed: [
      {
        title: "the container mounting the emptyDir volume sets ephemeral-storage requests and limits",
        object: examplePod("scratch-bounded", {
          containers: [
            exampleContainer("app", {
              resources: ephemeral("2Gi"),
              volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
            }),
            exampleContainer("sidecar"),
          ],
          volumes: [{ name: "scratch", emptyDir: {} }],
        }),
      },
      {
        title: "the emptyDir volume has a sizeLimit",
        object: examplePod("scratch-size-limit", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }),
          ],
          volumes: [{ name: "scratch", emptyDir: { sizeLimit: "200Mi" } }],
        }),
      },
      {
        title: "the mounted volume is not an emptyDir",
        object: examplePod("config-volume", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "config", mountPath: "/etc/app" }] }),
          ],
          volumes: [
            { name: "config", configMap: { name: "app" } },
            { name: "unused", emptyDir: {} },
          ],
        }),
      },
      {
        title: "no volumes at all",
        object: examplePod("no-volumes", { containers: [exampleContainer("app")] }),
      },
    ],
  },
  meta: {
    id: "require-emptydir-requests-and-limits",
    anchor: "other/require-emptydir-requests-limits",
    title: "Require Requests and Limits for emptyDir",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Pods which mount emptyDir volumes may be allowed to potentially overrun the medium backing the emptyDir volume. Every init container and container (initContainers, containers) with a volumeMounts entry naming an emptyDir volume (spec.volumes[].emptyDir) must set resources.requests and resources.limits for ephemeral-storage. A volume that sets emptyDir.sizeLimit is skipped.",
    remediation:
      "Set resources.requests and resources.limits for ephemeral-storage on every container mounting the emptyDir volume, or give the volume an emptyDir.sizeLimit.",
  },
  // Upstream keeps this rule out of background scans.
  match: { background: false },
  violations: ({ pod }) =>
    forEachContainer(
      (c) => {
        const mountsUnboundedEmptyDir = any(c.volumeMounts, (m) =>
          any(pod.volumes, (v) =>
            and(
              eq(read(v.name, ""), read(m.name, "")),
              exists(v.emptyDir),
              not(exists(v.emptyDir.sizeLimit)),
            ),
          ),
        );
        return [
          violation({
            when: and(mountsUnboundedEmptyDir, not(exists(at(c.resources.requests, "ephemeral-storage")))),
            field: at(c.resources.requests, "ephemeral-storage"),
            message: msg`container ${c.name} mounts an emptyDir volume without a sizeLimit: set resources.requests.ephemeral-storage`,
          }),
          violation({
            when: and(mountsUnboundedEmptyDir, not(exists(at(c.resources.limits, "ephemeral-storage")))),
            field: at(c.resources.limits, "ephemeral-storage"),
            message: msg`container ${c.name} mounts an emptyDir volume without a sizeLimit: set resources.limits.ephemeral-storage`,
          }),
        ];
      },
      ["initContainers", "containers"],
    ),
});
