import fc from "fast-check";
import type { V1Container, V1PodSpec, V1PodTemplateSpec } from "@kubernetes/client-node";
import type { GeneratorBias } from "./bias.js";
import { withBias } from "./bias-overlay.js";
import { containerArbitrary } from "./containers.js";
import { cloneJson } from "./json-paths.js";
import { labelsArbitrary, objectMetaArbitrary } from "./metadata.js";
import { dns1123LabelArbitrary, dns1123SubdomainArbitrary, labelKeyArbitrary } from "./names.js";
import { optional, optionalList, optionalObject } from "./optional.js";
import { mapOf, objectOf } from "./records.js";
import { podSecurityContextArbitrary } from "./security-context.js";
import { volumesArbitrary } from "./volumes.js";

/** The pod restart policies. */
export const RESTART_POLICIES = ["Always", "OnFailure", "Never"] as const;

/** A pod restart policy. */
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

/** What {@link podSpecArbitrary} generates. */
export interface PodSpecSettings {
  /**
   * The restart policies the owner allows (`Always` for Deployments, `OnFailure`/`Never` for Jobs).
   * All three when not given; with one policy that is not `Always`, the field is always set.
   */
  readonly restartPolicies?: readonly RestartPolicy[];
  /** A rule's bias, applied to the pod spec and its containers. */
  readonly bias?: GeneratorBias;
  /**
   * Whether an ephemeral container carries ports now and then: the API server refuses them, but a
   * Pod manifest checked in CI can hold them, and a rule that reads ports must see them there.
   */
  readonly ephemeralPorts?: boolean;
}

function tolerationsArbitrary() {
  return fc.array(
    fc.oneof(
      fc.constant({ operator: "Exists" }),
      fc
        .tuple(labelKeyArbitrary(), fc.constantFrom("NoSchedule", "NoExecute", "PreferNoSchedule"))
        .map(([key, effect]) => ({ key, operator: "Exists", effect })),
      fc.constant({ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }),
    ),
    { minLength: 1, maxLength: 2 },
  );
}

function restartPolicyArbitrary(policies: readonly RestartPolicy[]) {
  const policy = fc.constantFrom(...policies);
  // The API defaults an absent policy to Always, which a Job does not accept.
  return policies.includes("Always") ? optional(policy) : policy;
}

/**
 * A pod spec: one to three containers, init containers, now and then an ephemeral container,
 * volumes (often `hostPath`), a pod security context, host namespaces, service account,
 * priority class, node selection, OS and more, each optional field absent, `null`, empty or set.
 * The spec is made consistent as the API requires: distinct container names, mounts only of
 * volumes the pod has, host ports equal to container ports under `hostNetwork`, no duplicate
 * host ports.
 *
 * Ephemeral containers are accepted by the API only through the `ephemeralcontainers`
 * subresource; they appear here because policies must check them.
 *
 * @param settings - the restart policies the owner allows, and a rule's bias
 * @returns an arbitrary of pod specs
 */
export function podSpecArbitrary(settings: PodSpecSettings = {}): fc.Arbitrary<V1PodSpec> {
  const restartPolicies = settings.restartPolicies ?? RESTART_POLICIES;
  const spec = objectOf<V1PodSpec>({
    containers: fc.array(containerArbitrary("container"), { minLength: 1, maxLength: 3 }),
    initContainers: optionalList(
      fc.array(containerArbitrary("initContainer"), { minLength: 1, maxLength: 2 }),
    ),
    ephemeralContainers: optionalList(
      fc.array(containerArbitrary("ephemeralContainer", {}, settings.ephemeralPorts ?? false), {
        minLength: 1,
        maxLength: 1,
      }),
      { absent: 10 },
    ),
    volumes: optionalList(volumesArbitrary()),
    securityContext: optionalObject(podSecurityContextArbitrary()),
    hostNetwork: optional(fc.boolean()),
    hostPID: optional(fc.boolean()),
    hostIPC: optional(fc.boolean()),
    hostUsers: optional(fc.boolean(), { weights: { absent: 8 } }),
    shareProcessNamespace: optional(fc.boolean(), { weights: { absent: 8 } }),
    automountServiceAccountToken: optional(fc.boolean()),
    serviceAccountName: optional(fc.oneof(fc.constant("default"), dns1123SubdomainArbitrary()), {
      empty: "",
    }),
    priorityClassName: optional(
      fc.constantFrom("system-cluster-critical", "system-node-critical", "high-priority", "low"),
      { empty: "" },
    ),
    nodeSelector: optionalObject(
      fc.oneof(
        fc.constant({ "kubernetes.io/os": "linux" }),
        mapOf(labelKeyArbitrary(), fc.constantFrom("linux", "amd64", "gpu", "true"), {
          minLength: 1,
          maxLength: 2,
        }),
      ),
    ),
    nodeName: optional(
      fc.oneof(
        fc.constantFrom("node-1", "worker-a.example.com", "control-plane"),
        dns1123SubdomainArbitrary(),
      ),
      { weights: { absent: 6 } },
    ),
    os: optional(fc.constantFrom("linux", "windows").map((name) => ({ name }))),
    restartPolicy: restartPolicyArbitrary(restartPolicies),
    dnsPolicy: optional(fc.constantFrom("ClusterFirst", "ClusterFirstWithHostNet", "Default"), {
      weights: { absent: 6 },
    }),
    terminationGracePeriodSeconds: optional(fc.integer({ min: 0, max: 600 }), { weights: { absent: 6 } }),
    tolerations: optionalList(tolerationsArbitrary(), { absent: 6 }),
    imagePullSecrets: optionalList(
      fc.array(
        dns1123SubdomainArbitrary().map((name) => ({ name })),
        { minLength: 1, maxLength: 2 },
      ),
      { absent: 6 },
    ),
    runtimeClassName: optional(fc.constantFrom("gvisor", "kata", "runc"), { weights: { absent: 8 } }),
  }).map(consistentPodSpec);
  return withBias(spec, "podSpec", settings.bias);
}

/** The container lists of a pod spec, in the order the API validates them. */
const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/**
 * A copy of a generated pod spec with the cross-field rules of the API applied.
 *
 * @param generated - the pod spec as generated
 * @returns the consistent copy
 */
function consistentPodSpec(generated: V1PodSpec): V1PodSpec {
  const spec = cloneJson(generated);
  const volumeNames = new Set(Array.isArray(spec.volumes) ? spec.volumes.map((v) => v.name) : []);
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  for (const list of CONTAINER_LISTS) {
    const containers: unknown = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as V1Container[]) {
      c.name = distinctName(c.name, names);
      if (Array.isArray(c.volumeMounts))
        c.volumeMounts = c.volumeMounts.filter((m) => volumeNames.has(m.name));
      for (const port of Array.isArray(c.ports) ? c.ports : []) {
        if (typeof port.hostPort !== "number") continue;
        if (spec.hostNetwork === true) port.hostPort = port.containerPort;
        const key = `${port.hostPort}/${port.protocol ?? "TCP"}`;
        if (hostPorts.has(key)) delete port.hostPort;
        else hostPorts.add(key);
      }
    }
  }
  // As `kubectl debug --target` does: an ephemeral container shares the first container's namespaces.
  const main = spec.containers[0];
  for (const e of Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : []) {
    if (main) e.targetContainerName = main.name;
  }
  if (spec.hostPID === true && spec.shareProcessNamespace === true) delete spec.shareProcessNamespace;
  if (
    spec.hostUsers === false &&
    (spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true)
  )
    delete spec.hostUsers;
  if (spec.dnsPolicy === "ClusterFirstWithHostNet" && spec.hostNetwork !== true)
    spec.dnsPolicy = "ClusterFirst";
  return spec;
}

function distinctName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name.slice(0, 58).replace(/-+$/, "")}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** What {@link podTemplateSpecArbitrary} generates. */
export interface PodTemplateSettings {
  /** The restart policies the owner allows. */
  readonly restartPolicies?: readonly RestartPolicy[];
  /** Labels the template must carry (its controller's selector). */
  readonly requiredLabels?: fc.Arbitrary<Record<string, string>>;
}

/**
 * A pod template: metadata without a name (with the required labels, if any) and a pod spec.
 *
 * @param settings - required labels and allowed restart policies
 * @returns an arbitrary of pod templates
 */
export function podTemplateSpecArbitrary(
  settings: PodTemplateSettings = {},
): fc.Arbitrary<V1PodTemplateSpec> {
  return objectOf<V1PodTemplateSpec>({
    metadata: settings.requiredLabels
      ? objectMetaArbitrary({ anonymous: true, requiredLabels: settings.requiredLabels })
      : optionalObject(objectMetaArbitrary({ anonymous: true })),
    spec: podSpecArbitrary({ restartPolicies: settings.restartPolicies }),
  });
}

/**
 * Selector labels: one or two labels, usually `app: <name>`.
 *
 * @returns an arbitrary of label maps with at least one entry
 */
export function selectorLabelsArbitrary(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { arbitrary: dns1123LabelArbitrary().map((app) => ({ app })), weight: 3 },
    { arbitrary: labelsArbitrary({ minLength: 1, maxLength: 2 }), weight: 1 },
  );
}
