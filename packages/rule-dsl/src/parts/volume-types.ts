/**
 * The volume sources the Pod Security Standards Restricted profile allows (a volume's fields other
 * than its name), as Pod Security Admission checks it (`restrictedVolumes` in
 * k8s.io/pod-security-admission): storage that is not the node's, or that a PersistentVolume
 * defines.
 */
export const PSS_RESTRICTED_VOLUME_TYPES: readonly string[] = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
