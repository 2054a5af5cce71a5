import {
  and,
  defineRule,
  exampleContainer,
  exampleDeployment,
  examplePod,
  fieldPath,
  forEach,
  forEachValue,
  isIn,
  itself,
  join,
  keysOf,
  msg,
  ne,
  not,
  param,
  typed,
  violation,
  whenAbsent,
  PSS_RESTRICTED_VOLUME_TYPES,
} from "@tollgate/rule-dsl";

/** Pods may only use volumes of the allowed types. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a hostPath volume",
        object: examplePod("host-path", {
          containers: [exampleContainer("app", { volumeMounts: [{ name: "host", mountPath: "/host" }] })],
          volumes: [{ name: "host", hostPath: { path: "/var/log" } }],
        }),
      },
      {
        title: "an NFS volume in a Deployment",
        object: exampleDeployment("nfs", {
          containers: [exampleContainer("app", { volumeMounts: [{ name: "share", mountPath: "/share" }] })],
          volumes: [
            { name: "cache", emptyDir: {} },
            { name: "share", nfs: { server: "nfs.aibos.internal", path: "/exports" } },
          ],
        }),
      },
    ],
    allowed: [
      {
        title: "emptyDir, configMap, secret and projected volumes",
        object: examplePod("allowed-volumes", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "cache", emptyDir: {} },
            { name: "config", configMap: { name: "app-config" } },
            { name: "creds", secret: { secretName: "app-creds" } },
            { name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
          ],
        }),
      },
      {
        title: "every type allowed with *",
        object: examplePod("wildcard", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "host", hostPath: { path: "/var/log" } }],
        }),
        params: { volumes: ["*"] },
      },
      {
        title: "a type the Constraint allows, outside the default list",
        object: examplePod("host-path-allowed", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "host", hostPath: { path: "/var/log" } }],
        }),
        params: { volumes: ["hostPath"] },
      },
    ],
  },
  meta: {
    id: "k8spspvolumetypes",
    anchor: "pod-security-policy/volumes",
    constraintKind: "K8sPSPVolumeTypes",
    title: "Volume Types",
    category: "pod-security-policy",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Restricts mountable volume types to those in `volumes` (`*` allows every type): each field of each entry of `spec.volumes`, other than `name`, is a volume type and must be in the list. Corresponds to the `volumes` field in a PodSecurityPolicy. Updates are not reviewed.",
    remediation:
      "Use only allowed volume types (for example configMap, secret, emptyDir, persistentVolumeClaim, projected).",
  },
  match: { operations: ["CREATE"] },
  params: {
    volumes: whenAbsent(
      param.stringList(
        "The volume types pods may use (the field names of a volume, such as `emptyDir`); `*` allows every type.",
        [...PSS_RESTRICTED_VOLUME_TYPES],
      ),
      [],
    ),
  },
  violations: ({ pod, metadata, params }) =>
    forEach(pod.volumes, (v) =>
      forEachValue(keysOf(typed<Record<string, unknown>>(v)), fieldPath(v), (k) =>
        violation({
          when: and(
            ne(itself(k), "name"),
            not(isIn("*", params.volumes)),
            not(isIn(itself(k), params.volumes)),
          ),
          field: msg`${fieldPath(v)}.${itself(k)}`,
          message: msg`The volume type ${itself(k)} is not allowed, pod: ${metadata.name}. Allowed volume types: ${join(params.volumes, ", ")}; replace the volume with an allowed type`,
        }),
      ),
    ),
});
