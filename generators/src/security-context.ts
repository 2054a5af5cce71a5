import fc from "fast-check";
import type {
  V1AppArmorProfile,
  V1Capabilities,
  V1PodSecurityContext,
  V1SeccompProfile,
  V1SecurityContext,
  V1SELinuxOptions,
  V1Sysctl,
  V1WindowsSecurityContextOptions,
} from "@kubernetes/client-node";
import { optional, optionalList, optionalObject } from "./optional.js";
import { objectOf } from "./records.js";

/** Capability names, upper- and lower-case, with and without the `CAP_` prefix. */
export const CAPABILITY_NAMES = [
  "ALL",
  "NET_RAW",
  "NET_BIND_SERVICE",
  "SYS_ADMIN",
  "NET_ADMIN",
  "SYS_PTRACE",
  "SYS_TIME",
  "SYS_MODULE",
  "CHOWN",
  "KILL",
  "SETUID",
  "SETGID",
  "AUDIT_WRITE",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "MKNOD",
  "SETFCAP",
  "SETPCAP",
  "SYS_CHROOT",
  "BPF",
  "CAP_SYS_ADMIN",
  "CAP_NET_RAW",
  "all",
  "net_raw",
  "sys_admin",
  "net_bind_service",
  "cap_net_raw",
] as const;

/** User and group ids: root, common non-root ids, the ends of the range, random. */
function idArbitrary(): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(0, 1, 101, 999, 1000, 1001, 10001, 65532, 65534, 2147483647), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 2147483647 }), weight: 1 },
  );
}

/**
 * Capabilities to add and drop; either list may be absent, `null`, empty or set.
 *
 * @returns an arbitrary of capabilities
 */
export function capabilitiesArbitrary(): fc.Arbitrary<V1Capabilities> {
  const list = fc.uniqueArray(fc.constantFrom(...CAPABILITY_NAMES), { minLength: 1, maxLength: 4 });
  return objectOf<V1Capabilities>({ add: optionalList(list), drop: optionalList(list) });
}

/** A profile type with a `localhostProfile` exactly when the type is `Localhost`. */
function profileArbitrary<T extends V1SeccompProfile | V1AppArmorProfile>(
  localhostProfiles: readonly string[],
): fc.Arbitrary<T> {
  return fc.oneof(
    fc.constantFrom("RuntimeDefault", "Unconfined").map((type) => ({ type }) as T),
    fc
      .constantFrom(...localhostProfiles)
      .map((localhostProfile) => ({ type: "Localhost", localhostProfile }) as T),
  );
}

/**
 * A seccomp profile: `RuntimeDefault`, `Unconfined`, or `Localhost` with a profile path.
 *
 * @returns an arbitrary of seccomp profiles
 */
export function seccompProfileArbitrary(): fc.Arbitrary<V1SeccompProfile> {
  return profileArbitrary<V1SeccompProfile>([
    "profiles/audit.json",
    "operator/default/profile.json",
    "my-profile.json",
  ]);
}

/**
 * An AppArmor profile: `RuntimeDefault`, `Unconfined`, or `Localhost` with a profile name.
 *
 * @returns an arbitrary of AppArmor profiles
 */
export function appArmorProfileArbitrary(): fc.Arbitrary<V1AppArmorProfile> {
  return profileArbitrary<V1AppArmorProfile>(["k8s-apparmor-example-deny-write", "custom-profile"]);
}

function seLinuxOptionsArbitrary(): fc.Arbitrary<V1SELinuxOptions> {
  return objectOf<V1SELinuxOptions>({
    user: optional(fc.constantFrom("system_u", "unconfined_u", "user_u")),
    role: optional(fc.constantFrom("system_r", "object_r", "sysadm_r")),
    type: optional(
      fc.constantFrom(
        "container_t",
        "container_init_t",
        "container_kvm_t",
        "container_engine_t",
        "spc_t",
        "unconfined_t",
      ),
    ),
    level: optional(fc.constantFrom("s0", "s0:c123,c456", "s0-s0:c0.c1023")),
  });
}

function windowsOptionsArbitrary(): fc.Arbitrary<V1WindowsSecurityContextOptions> {
  return objectOf<V1WindowsSecurityContextOptions>({
    hostProcess: optional(fc.boolean()),
    runAsUserName: optional(
      fc.constantFrom(
        "ContainerUser",
        "ContainerAdministrator",
        "NT AUTHORITY\\SYSTEM",
        "NT AUTHORITY\\Local service",
      ),
    ),
    gmsaCredentialSpecName: optional(fc.constantFrom("gmsa-webapp", "gmsa-db"), { weights: { absent: 10 } }),
  });
}

/**
 * A container security context, each field absent, `null`, empty or set. A context that sets
 * `allowPrivilegeEscalation: false` together with `privileged: true` or an added `SYS_ADMIN`
 * (which the API rejects) gets `allowPrivilegeEscalation: true` instead.
 *
 * @returns an arbitrary of container security contexts
 */
export function containerSecurityContextArbitrary(): fc.Arbitrary<V1SecurityContext> {
  return objectOf<V1SecurityContext>({
    runAsNonRoot: optional(fc.boolean()),
    runAsUser: optional(idArbitrary()),
    runAsGroup: optional(idArbitrary()),
    privileged: optional(fc.boolean()),
    allowPrivilegeEscalation: optional(fc.boolean()),
    readOnlyRootFilesystem: optional(fc.boolean()),
    capabilities: optionalObject(capabilitiesArbitrary()),
    seccompProfile: optional(seccompProfileArbitrary()),
    appArmorProfile: optional(appArmorProfileArbitrary(), { weights: { absent: 6 } }),
    seLinuxOptions: optionalObject(seLinuxOptionsArbitrary(), { absent: 6 }),
    procMount: optional(fc.constantFrom("Default", "Unmasked"), { weights: { absent: 8 } }),
    windowsOptions: optionalObject(windowsOptionsArbitrary(), { absent: 8 }),
  }).map(withoutForbiddenEscalation);
}

function withoutForbiddenEscalation(sc: V1SecurityContext): V1SecurityContext {
  if (sc.allowPrivilegeEscalation !== false) return sc;
  const adds = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : [];
  const escalates = sc.privileged === true || adds.some((c) => c === "SYS_ADMIN" || c === "CAP_SYS_ADMIN");
  return escalates ? { ...sc, allowPrivilegeEscalation: true } : sc;
}

/** Sysctls, safe and unsafe. */
const SYSCTLS: readonly V1Sysctl[] = [
  { name: "kernel.shm_rmid_forced", value: "0" },
  { name: "net.ipv4.ip_local_port_range", value: "1024 65535" },
  { name: "net.ipv4.ip_unprivileged_port_start", value: "0" },
  { name: "net.ipv4.tcp_syncookies", value: "1" },
  { name: "net.ipv4.ping_group_range", value: "0 2147483647" },
  { name: "net.core.somaxconn", value: "1024" },
  { name: "kernel.msgmax", value: "65536" },
  { name: "vm.swappiness", value: "10" },
];

/**
 * A pod security context, each field absent, `null`, empty or set, including sysctls.
 *
 * @returns an arbitrary of pod security contexts
 */
export function podSecurityContextArbitrary(): fc.Arbitrary<V1PodSecurityContext> {
  return objectOf<V1PodSecurityContext>({
    runAsNonRoot: optional(fc.boolean()),
    runAsUser: optional(idArbitrary()),
    runAsGroup: optional(idArbitrary()),
    fsGroup: optional(idArbitrary()),
    fsGroupChangePolicy: optional(fc.constantFrom("OnRootMismatch", "Always"), { weights: { absent: 6 } }),
    supplementalGroups: optionalList(fc.uniqueArray(idArbitrary(), { minLength: 1, maxLength: 3 })),
    supplementalGroupsPolicy: optional(fc.constantFrom("Merge", "Strict"), { weights: { absent: 8 } }),
    sysctls: optionalList(
      fc
        .uniqueArray(fc.constantFrom(...SYSCTLS), { selector: (s) => s.name, minLength: 1, maxLength: 3 })
        .map((list) => list.map((s) => ({ ...s }))),
    ),
    seccompProfile: optional(seccompProfileArbitrary()),
    appArmorProfile: optional(appArmorProfileArbitrary(), { weights: { absent: 6 } }),
    seLinuxOptions: optionalObject(seLinuxOptionsArbitrary(), { absent: 6 }),
    seLinuxChangePolicy: optional(fc.constantFrom("MountOption", "Recursive"), { weights: { absent: 10 } }),
    windowsOptions: optionalObject(windowsOptionsArbitrary(), { absent: 8 }),
  });
}
