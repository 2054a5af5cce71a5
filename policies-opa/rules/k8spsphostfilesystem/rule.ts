import {
  and,
  any,
  defineRule,
  eq,
  exampleContainer,
  exampleDeployment,
  examplePod,
  exists,
  forEach,
  ifThen,
  msg,
  ne,
  not,
  or,
  param,
  read,
  size,
  startsWith,
  trimSuffix,
  violation,
  type Pred,
  type Ref,
  type Val,
} from "@tollgate/rule-dsl";
import type { V1PodSpec } from "@kubernetes/client-node";

/**
 * Whether a host path lies under a path prefix, component by component: `/foo` covers `/foo`,
 * `/foo/` and `/foo/bar`, not `/fool`; `/` covers every path. A missing leading `/` and trailing
 * `/`s on the prefix are ignored.
 *
 * @param prefix - the allowed path prefix
 * @param path - the volume's host path
 * @returns a predicate
 */
function underPrefix(prefix: Val<string>, path: Val<string>): Pred {
  const absolute = (p: Val<string>) => ifThen(startsWith(p, "/"), p, msg`/${p}`);
  const base = trimSuffix(trimSuffix(absolute(prefix), "/"), "/");
  const target = absolute(path);
  return or(eq(target, base), startsWith(target, msg`${base}/`));
}

/**
 * Whether any container (containers, initContainers, ephemeralContainers) mounts the volume
 * without `readOnly: true`.
 *
 * @param pod - the pod spec
 * @param volume - the volume name
 * @returns a predicate
 */
function mountedWritable(pod: Ref<V1PodSpec>, volume: Val<string>): Pred {
  const writable = (list: Ref<V1PodSpec["containers"]>) =>
    any(list, (c) =>
      any(c.volumeMounts, (m) => and(eq(read(m.name, ""), volume), ne(read(m.readOnly, false), true))),
    );
  return or(
    writable(pod.containers),
    writable(pod.initContainers as Ref<V1PodSpec["containers"]>),
    writable(pod.ephemeralContainers as Ref<V1PodSpec["containers"]>),
  );
}

type ContainerList = "containers" | "initContainers" | "ephemeralContainers";
const READ_ONLY_LOGS = { allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }] };

/**
 * A pod with a hostPath volume `logs` under /var/log and a scratch volume, whose `list` holds
 * two containers: the first mounts the scratch volume writable and `logs` as `logsMount` says,
 * the second mounts nothing.
 */
function logsMountedIn(name: string, list: ContainerList, logsMount: { readOnly?: boolean }) {
  const mounts = [
    { name: "scratch", mountPath: "/scratch" },
    { name: "logs", mountPath: "/logs", ...logsMount },
  ];
  const pair = [
    exampleContainer(`${list.toLowerCase()}-a`, { volumeMounts: mounts }),
    exampleContainer(`${list.toLowerCase()}-b`),
  ];
  return examplePod(name, {
    containers: list === "containers" ? pair : [exampleContainer("app")],
    ...(list === "containers" ? {} : { [list]: pair }),
    volumes: [
      { name: "scratch", emptyDir: {} },
      { name: "logs", hostPath: { path: "/var/log/app" } },
    ],
  });
}

const LISTS: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];

/** hostPath volumes must lie under an allowed prefix, read-only where the prefix demands it. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a hostPath outside every allowed prefix",
        object: examplePod("host-tmp", {
          containers: [
            exampleContainer("app", {
              volumeMounts: [{ name: "cache", mountPath: "/cache", readOnly: true }],
            }),
          ],
          volumes: [{ name: "cache", hostPath: { path: "/tmp" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/foo", readOnly: true }] },
      },
      {
        title: "a look-alike path (/fool is not under /foo)",
        object: examplePod("host-fool", {
          containers: [
            exampleContainer("app", {
              volumeMounts: [{ name: "cache", mountPath: "/cache", readOnly: true }],
            }),
          ],
          volumes: [{ name: "cache", hostPath: { path: "/fool" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/foo", readOnly: true }] },
      },
      {
        title: "a read-only prefix mounted writable by an init container, in a Deployment",
        object: exampleDeployment("host-writable", {
          containers: [
            exampleContainer("app", { volumeMounts: [{ name: "logs", mountPath: "/logs", readOnly: true }] }),
          ],
          initContainers: [
            exampleContainer("init", { volumeMounts: [{ name: "logs", mountPath: "/logs" }] }),
          ],
          volumes: [{ name: "logs", hostPath: { path: "/var/log/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }] },
      },
      {
        title: "any hostPath under the default (no allowed paths)",
        object: examplePod("host-any", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "root", hostPath: { path: "/" } }],
        }),
      },
      {
        title: "an allowed prefix in the middle of a path does not allow it",
        object: examplePod("prefix-inside", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "data", hostPath: { path: "/opt/var/lib/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/var/lib" }] },
      },
      ...LISTS.map((list) => ({
        title: `${list}: a read-only prefix mounted by one of two containers without readOnly, beside another mount`,
        object: logsMountedIn(`${list.toLowerCase()}-writable`, list, {}),
        params: READ_ONLY_LOGS,
      })),
    ],
    allowed: [
      {
        title: "a hostPath under a read-only prefix, mounted read-only",
        object: examplePod("host-foo-bar", {
          containers: [
            exampleContainer("app", {
              volumeMounts: [{ name: "cache", mountPath: "/cache", readOnly: true }],
            }),
          ],
          volumes: [{ name: "cache", hostPath: { path: "/foo/bar" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/foo", readOnly: true }] },
      },
      {
        title: "a writable mount under a prefix that does not demand read-only",
        object: examplePod("host-data", {
          containers: [exampleContainer("app", { volumeMounts: [{ name: "data", mountPath: "/data" }] })],
          volumes: [{ name: "data", hostPath: { path: "/data/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/data/" }] },
      },
      ...LISTS.map((list) => ({
        title: `${list}: a read-only prefix mounted read-only, beside a writable mount of another volume`,
        object: logsMountedIn(`${list.toLowerCase()}-read-only`, list, { readOnly: true }),
        params: READ_ONLY_LOGS,
      })),
      {
        title: "a path under the second of two allowed prefixes",
        object: examplePod("second-prefix", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "data", hostPath: { path: "/data/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/foo" }, { pathPrefix: "/data" }] },
      },
      {
        title: "a relative path under an absolute prefix, and the prefix itself",
        object: examplePod("relative-path", {
          containers: [exampleContainer("app")],
          volumes: [
            { name: "app", hostPath: { path: "var/lib/app" } },
            { name: "lib", hostPath: { path: "/var/lib" } },
          ],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/var/lib" }] },
      },
      {
        title: "an absolute path under a relative prefix with a trailing slash",
        object: examplePod("relative-prefix", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "app", hostPath: { path: "/var/lib/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "var/lib/" }] },
      },
      {
        title: "a prefix with a doubled trailing slash (both are ignored)",
        object: examplePod("double-slash-prefix", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "app", hostPath: { path: "/var/lib/app" } }],
        }),
        params: { allowedHostPaths: [{ pathPrefix: "/var/lib//" }] },
      },
      {
        title: "no hostPath volume",
        object: examplePod("no-host-path", {
          containers: [exampleContainer("app")],
          volumes: [{ name: "cache", emptyDir: {} }],
        }),
      },
    ],
  },
  meta: {
    id: "k8spsphostfilesystem",
    anchor: "pod-security-policy/host-filesystem",
    constraintKind: "K8sPSPHostFilesystem",
    title: "Host Filesystem",
    category: "pod-security-policy",
    severity: "high",
    gate: 4,
    subject: "Pod",
    description:
      "Controls usage of the host filesystem: every `hostPath` volume of `spec.volumes` must lie under a `pathPrefix` of `allowedHostPaths` (component by component: `/foo` covers `/foo/bar`, not `/fool`), and when that entry sets `readOnly: true` no container (containers, initContainers, ephemeralContainers) may mount the volume without `readOnly: true`. An empty or absent `allowedHostPaths` (our default) disallows every hostPath volume. Corresponds to the `allowedHostPaths` field in a PodSecurityPolicy. Updates are not reviewed.",
    remediation:
      "Remove the hostPath volume, or use a path under an allowed prefix and mount it read-only where required.",
  },
  match: { operations: ["CREATE"] },
  params: {
    allowedHostPaths: param.custom<{ pathPrefix?: string; readOnly?: boolean }[]>(
      {
        type: "array",
        description:
          "The host path prefixes hostPath volumes may use, each with whether it must be mounted read-only.",
        items: {
          type: "object",
          properties: {
            pathPrefix: {
              type: "string",
              description: "A host path prefix, matched component by component.",
            },
            readOnly: {
              type: "boolean",
              description:
                "When true, every container mount of a volume under this prefix must set `readOnly: true`.",
            },
          },
        },
      },
      [],
    ),
  },
  violations: ({ pod, metadata, params }) =>
    forEach(pod.volumes, (v) =>
      violation({
        when: and(
          exists(v.hostPath),
          or(
            eq(size(params.allowedHostPaths), 0),
            not(
              any(params.allowedHostPaths, (a) =>
                and(
                  exists(a.pathPrefix),
                  exists(v.hostPath.path),
                  underPrefix(read(a.pathPrefix, ""), read(v.hostPath.path, "")),
                  or(ne(read(a.readOnly, false), true), not(mountedWritable(pod, read(v.name, "")))),
                ),
              ),
            ),
          ),
        ),
        field: v.hostPath.path,
        message: msg`HostPath volume ${v.name} (path ${v.hostPath.path}) is not allowed, pod: ${metadata.name}; use a path under an allowed prefix of allowedHostPaths, mounted read-only where the prefix requires it`,
      }),
    ),
});
