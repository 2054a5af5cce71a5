import {
  and,
  any,
  defineRule,
  eq,
  exists,
  forEach,
  forEachContainer,
  msg,
  ne,
  read,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/**
 * Every mount of a hostPath volume, in any container list (containers, initContainers,
 * ephemeralContainers), must set `readOnly: true`; an absent `readOnly` means read/write.
 */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a hostPath volume mounted without readOnly",
        object: examplePod("hostpath-rw", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "logs", mountPath: "/var/log/host" }] }),
          ],
          volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
        }),
      },
      {
        title: "an init container's second mount of the hostPath volume sets readOnly: false",
        object: examplePod("hostpath-init-rw", {
          initContainers: [
            exampleContainer("prepare", {
              volumeMounts: [
                { name: "logs", mountPath: "/a", readOnly: true },
                { name: "logs", mountPath: "/b", readOnly: false },
              ],
            }),
          ],
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "logs", mountPath: "/a", readOnly: true }] }),
          ],
          volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
        }),
      },
      {
        title: "an ephemeral container mounts a hostPath volume read/write",
        object: examplePod("hostpath-debug-rw", {
          containers: [
            exampleContainer("app", {
              volumeMounts: [{ name: "etc", mountPath: "/host/etc", readOnly: true }],
            }),
          ],
          ephemeralContainers: [
            {
              name: "debug",
              image: "registry.aibos.internal/debug:1",
              volumeMounts: [{ name: "etc", mountPath: "/host/etc" }],
            },
          ],
          volumes: [{ name: "etc", hostPath: { path: "/etc" } }],
        }),
      },
      {
        title: "a Deployment mounting one of two hostPath volumes read/write",
        object: exampleDeployment("hostpath-two", {
          containers: [
            exampleContainer("app", {
              volumeMounts: [
                { name: "logs", mountPath: "/var/log/host", readOnly: true },
                { name: "etc", mountPath: "/host/etc", readOnly: false },
              ],
            }),
          ],
          volumes: [
            { name: "logs", hostPath: { path: "/var/log" } },
            { name: "etc", hostPath: { path: "/etc" } },
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "every mount of the hostPath volume is read-only",
        object: examplePod("hostpath-ro", {
          initContainers: [
            exampleContainer("prepare", {
              volumeMounts: [{ name: "logs", mountPath: "/var/log/host", readOnly: true }],
            }),
          ],
          containers: [
            exampleContainer("app", {
              volumeMounts: [{ name: "logs", mountPath: "/var/log/host", readOnly: true }],
            }),
          ],
          volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
        }),
      },
      {
        title: "a read/write mount of an emptyDir volume",
        object: exampleDeployment("emptydir-rw", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }),
          ],
          volumes: [{ name: "scratch", emptyDir: {} }],
        }),
      },
    ],
  },
  meta: {
    id: "ensure-readonly-hostpath",
    anchor: "other/ensure-readonly-hostpath",
    title: "Ensure Read Only hostPath",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      'Pods which are allowed to mount hostPath volumes in read/write mode pose a security risk even if confined to a "safe" file system on the host and may escape those confines. Every volumeMounts entry, in containers, initContainers and ephemeralContainers, that names a hostPath volume (spec.volumes[].hostPath) must explicitly set readOnly: true; an absent readOnly means read/write.',
    remediation: "Set readOnly: true on every volumeMounts entry that mounts a hostPath volume.",
  },
  // Upstream keeps this rule out of background scans.
  match: { background: false },
  violations: ({ pod }) =>
    forEachContainer((c) =>
      forEach(c.volumeMounts, (m) =>
        violation({
          when: and(
            any(pod.volumes, (v) => and(eq(read(v.name, ""), read(m.name, "")), exists(v.hostPath))),
            ne(read(m.readOnly, false), true),
          ),
          field: m.readOnly,
          message: msg`container ${c.name} mounts hostPath volume ${m.name} read/write: set readOnly: true on the mount`,
        }),
      ),
    ),
});
