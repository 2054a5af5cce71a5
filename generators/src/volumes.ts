import fc from "fast-check";
import type { V1Volume, V1VolumeMount } from "@kubernetes/client-node";
import { dns1123SubdomainArbitrary } from "./names.js";
import { optional } from "./optional.js";
import { quantityArbitrary } from "./quantities.js";
import { objectOf } from "./records.js";

/**
 * The names volumes are given. Containers mount volumes by these names; a pod keeps only the
 * mounts whose volume it has.
 */
export const VOLUME_NAMES = [
  "data",
  "config",
  "cache",
  "tmp",
  "certs",
  "docker-sock",
  "host-root",
  "logs",
  "secrets",
  "token",
] as const;

/** Host paths, dangerous and harmless. */
const HOST_PATHS = [
  "/",
  "/etc",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/log",
  "/proc",
  "/sys",
  "/dev",
  "/tmp",
  "/data",
  "/var/lib/kubelet",
] as const;

/** The volume source types and how to generate each. */
function volumeSourceArbitrary(): fc.Arbitrary<Partial<V1Volume>> {
  const name = dns1123SubdomainArbitrary();
  return fc.oneof(
    {
      weight: 3,
      arbitrary: objectOf<NonNullable<V1Volume["hostPath"]>>({
        path: fc.constantFrom(...HOST_PATHS),
        type: optional(
          fc.constantFrom(
            "",
            "DirectoryOrCreate",
            "Directory",
            "FileOrCreate",
            "File",
            "Socket",
            "CharDevice",
            "BlockDevice",
          ),
        ),
      }).map((hostPath) => ({ hostPath })),
    },
    {
      weight: 3,
      arbitrary: objectOf<NonNullable<V1Volume["emptyDir"]>>({
        medium: optional(fc.constantFrom("", "Memory")),
        sizeLimit: optional(quantityArbitrary("memory")),
      }).map((emptyDir) => ({ emptyDir })),
    },
    { weight: 2, arbitrary: name.map((n) => ({ configMap: { name: n } })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(name, optional(fc.constantFrom(0o400, 0o420, 0o644)))
        .map(([secretName, defaultMode]) => ({
          secret: typeof defaultMode === "number" ? { secretName, defaultMode } : { secretName },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(name, fc.boolean())
        .map(([claimName, readOnly]) => ({ persistentVolumeClaim: { claimName, readOnly } })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 600, max: 86400 }).map((expirationSeconds) => ({
        projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds } }] },
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant(null).map((): Partial<V1Volume> => ({
        downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("secrets-store.csi.k8s.io", "ebs.csi.aws.com")
        .map((driver) => ({ csi: { driver } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("/exports", "/")
        .map((path) => ({ nfs: { server: "nfs.example.com", path } })),
    },
  );
}

/**
 * Pod volumes with distinct names from {@link VOLUME_NAMES}, of every common source type (often `hostPath`).
 *
 * @returns an arbitrary of volume lists
 */
export function volumesArbitrary(): fc.Arbitrary<V1Volume[]> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...VOLUME_NAMES), volumeSourceArbitrary()), {
      selector: ([name]) => name,
      minLength: 1,
      maxLength: 4,
    })
    .map((entries) => entries.map(([name, source]): V1Volume => ({ name, ...source })));
}

const MOUNT_PATHS = [
  "/data",
  "/etc/config",
  "/var/cache",
  "/tmp",
  "/etc/certs",
  "/var/run/docker.sock",
  "/host",
  "/var/log",
  "/secrets",
  "/var/run/secrets/tokens",
] as const;

/**
 * Volume mounts by names from {@link VOLUME_NAMES}, with distinct absolute mount paths.
 *
 * @returns an arbitrary of mount lists
 */
export function volumeMountsArbitrary(): fc.Arbitrary<V1VolumeMount[]> {
  const mount = objectOf<V1VolumeMount>({
    name: fc.constantFrom(...VOLUME_NAMES),
    mountPath: fc.constantFrom(...MOUNT_PATHS),
    readOnly: optional(fc.boolean()),
    subPath: optional(fc.constantFrom("conf", "data/sub"), { weights: { absent: 8 } }),
  });
  return fc.uniqueArray(mount, { selector: (m) => m.mountPath, minLength: 1, maxLength: 3 });
}
