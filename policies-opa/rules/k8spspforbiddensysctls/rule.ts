import {
  any,
  defineRule,
  endsWith,
  eq,
  exampleContainer,
  examplePod,
  forEach,
  ifThen,
  itself,
  join,
  msg,
  not,
  param,
  read,
  startsWith,
  trimSuffix,
  violation,
  type Pred,
  type Val,
  type Value,
} from "@tollgate/rule-dsl";

/** The sysctls the Pod Security Standards baseline profile allows, our default allow-list. */
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/**
 * Whether a sysctl name is matched by a list: `*` matches every name, an entry ending in `*`
 * every name starting with the rest of it, any other entry that exact name.
 *
 * @param name - the sysctl name
 * @param list - the parameter
 * @returns a predicate
 */
function listed(name: Val<string>, list: Value<string[]>): Pred {
  return any(list, (e) =>
    ifThen(endsWith(itself(e), "*"), startsWith(name, trimSuffix(itself(e), "*")), eq(name, itself(e))),
  );
}

/** Pod sysctls must not be forbidden and must be allowed. Updates are not reviewed. */
export default defineRule({
  equivalentMutants: Object.fromEntries(
    ["violations[0].when.body.cond", "violations[1].when.arg.body.cond"].map((at) => [
      `${at}: endsWith → contains`,
      "sysctl names hold no *: an entry with * inside matches no name, read as an exact name or as a prefix",
    ]),
  ),
  examples: {
    denied: [
      {
        title: "an allowed prefix in the middle of a sysctl's name does not allow it",
        object: examplePod("allowed-prefix-inside", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "xnet.ipv4.tcp_keepalive_time", value: "60" }] },
        }),
        params: { forbiddenSysctls: ["kernel.*"], allowedSysctls: ["net.*"] },
      },
      {
        title: "a sysctl outside the allow-list",
        object: examplePod("somaxconn", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] },
        }),
      },
      {
        title: "a forbidden sysctl (prefix match), even though it is allowed",
        object: examplePod("kernel-msgmax", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "kernel.msgmax", value: "65536" }] },
        }),
        params: { forbiddenSysctls: ["kernel.*"], allowedSysctls: ["*"] },
      },
    ],
    allowed: [
      {
        title: "a forbidden prefix in the middle of a sysctl's name does not forbid it",
        object: examplePod("forbidden-prefix-inside", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "xkernel.shm_rmid_forced", value: "1" }] },
        }),
        params: { forbiddenSysctls: ["kernel.*"], allowedSysctls: ["*"] },
      },
      {
        title: "a sysctl from the safe set",
        object: examplePod("port-range", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "net.ipv4.ip_local_port_range", value: "1024 65535" }] },
        }),
      },
      {
        title: "a sysctl allowed by prefix and not forbidden",
        object: examplePod("net-prefix", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }] },
        }),
        params: { forbiddenSysctls: ["kernel.*"], allowedSysctls: ["net.*"] },
      },
      {
        title: "an exact forbidden name forbids only that sysctl",
        object: examplePod("exact-forbidden", {
          containers: [exampleContainer("app")],
          securityContext: { sysctls: [{ name: "kernel.msgmnb", value: "65536" }] },
        }),
        params: { forbiddenSysctls: ["kernel.msgmax"], allowedSysctls: ["*"] },
      },
      { title: "no sysctls", object: examplePod("no-sysctls", { containers: [exampleContainer("app")] }) },
    ],
  },
  meta: {
    id: "k8spspforbiddensysctls",
    anchor: "pod-security-policy/forbidden-sysctls",
    constraintKind: "K8sPSPForbiddenSysctls",
    title: "Forbidden Sysctls",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      'Controls the `sysctl` profile used by containers: each sysctl in `spec.securityContext.sysctls` must not match `forbiddenSysctls` and must match `allowedSysctls` (in both, `*` matches every sysctl and an entry ending in `*` is a prefix; an empty `allowedSysctls` allows none). A sysctl that is both forbidden and not allowed gets two violations. Corresponds to the `forbiddenSysctls` and `allowedUnsafeSysctls` fields in a PodSecurityPolicy. Updates are not reviewed. Our default allows the Pod Security Standards safe set; give `allowedSysctls: ["*"]` to lift the allow-list.',
    remediation: "Remove the sysctl from spec.securityContext.sysctls, or have it allowed in the Constraint.",
  },
  match: { operations: ["CREATE"] },
  params: {
    allowedSysctls: param.stringList(
      "Sysctls pods may set (exact names, prefixes ending in `*`, or `*` for every sysctl that is not forbidden); an empty list allows none.",
      SAFE_SYSCTLS,
    ),
    forbiddenSysctls: param.stringList(
      "Sysctls pods must not set: exact names, prefixes ending in `*`, or `*` for every sysctl.",
      [],
    ),
  },
  violations: ({ pod, metadata, params }) =>
    forEach(pod.securityContext.sysctls, (s) => [
      violation({
        when: listed(read(s.name, ""), params.forbiddenSysctls),
        field: s.name,
        message: msg`The sysctl ${s.name} is not allowed, pod: ${metadata.name}. Forbidden sysctls: ${join(params.forbiddenSysctls, ", ")}; remove it from spec.securityContext.sysctls`,
      }),
      violation({
        when: not(listed(read(s.name, ""), params.allowedSysctls)),
        field: s.name,
        message: msg`The sysctl ${s.name} is not explicitly allowed, pod: ${metadata.name}. Allowed sysctls: ${join(params.allowedSysctls, ", ")}; remove it from spec.securityContext.sysctls`,
      }),
    ]),
});
