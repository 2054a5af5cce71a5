/**
 * The Linux capabilities the Pod Security Standards Baseline profile lets a container add in
 * `securityContext.capabilities.add`; any other, NET_RAW included, is refused. As Pod Security
 * Admission checks it (`capabilities_baseline` in k8s.io/pod-security-admission) and as
 * kyverno/policies' `disallow-capabilities` lists it.
 *
 * This is not the container runtime's default set, which also holds NET_RAW: the Baseline
 * profile refuses a container that adds NET_RAW back after the runtime dropped it.
 */
export const PSS_BASELINE_ADDABLE_CAPABILITIES: readonly string[] = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
