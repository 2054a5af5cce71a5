import {
  any,
  defineRule,
  forEach,
  isIn,
  itself,
  keysOf,
  msg,
  not,
  typed,
  violation,
  PSS_RESTRICTED_VOLUME_TYPES,
  examplePod,
  exampleDeployment,
  exampleCronJob,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every volume is of one of the volume types the restricted profile allows. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a hostPath volume",
        object: examplePod("host-path", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "host", hostPath: { path: "/var/lib" } }],
        }),
      },
      {
        title: "a Deployment with an NFS volume beside an allowed one",
        object: exampleDeployment("nfs", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "config", configMap: { name: "app-config" } },
            { name: "share", nfs: { server: "nfs.example.internal", path: "/exports" } },
          ],
        }),
      },
      {
        title: "a volume with an allowed source and a hostPath beside it",
        object: examplePod("two-sources", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "mixed", emptyDir: {}, hostPath: { path: "/var/lib" } }],
        }),
      },
      {
        title: "a CronJob with a gitRepo volume",
        object: exampleCronJob("git-repo", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "src", gitRepo: { repository: "https://example.com/repo.git" } }],
        }),
      },
    ],
    allowed: [
      { title: "no volumes", object: examplePod("no-volumes", { containers: [exampleContainer("app")] }) },
      {
        title: "only allowed volume types",
        object: exampleDeployment("allowed-volumes", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "data", persistentVolumeClaim: { claimName: "data" } },
            { name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
            { name: "creds", secret: { secretName: "creds" } },
          ],
        }),
      },
    ],
  },
  meta: {
    id: "restrict-volume-types",
    anchor: "pod-security/restricted/restrict-volume-types",
    title: "Restrict Volume Types",
    category: "Pod Security Standards (Restricted)",
    severity: "medium",
    gate: 5,
    subject: "Pod,Volume",
    description:
      "In addition to restricting HostPath volumes, the restricted pod security profile limits usage of non-core volume types to those defined through PersistentVolumes. Every volume in spec.volumes may only be of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret: every field of a volume but its name must be one of these.",
    remediation:
      "Replace the volume with one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret (a PersistentVolumeClaim for other storage).",
  },
  // Every field of a volume but its name is a volume source, so each must be an allowed one: a
  // volume with an allowed source beside another is denied, as upstream reads every key.
  violations: ({ pod }) =>
    forEach(pod.volumes, (v) =>
      violation({
        when: any(keysOf(typed<Record<string, unknown>>(v)), (k) =>
          not(isIn(itself(k), ["name", ...PSS_RESTRICTED_VOLUME_TYPES])),
        ),
        field: v,
        message: msg`volume ${v.name} is not of an allowed type: use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes`,
      }),
    ),
});
