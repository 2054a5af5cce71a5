import fc from "fast-check";
import type {
  V1CronJob,
  V1CronJobSpec,
  V1DaemonSet,
  V1DaemonSetSpec,
  V1Deployment,
  V1DeploymentSpec,
  V1DeploymentStrategy,
  V1JobSpec,
  V1Job,
  V1Pod,
  V1ReplicaSet,
  V1ReplicaSetSpec,
  V1ReplicationController,
  V1ReplicationControllerSpec,
  V1RollingUpdateDeployment,
  V1StatefulSet,
  V1StatefulSetSpec,
} from "@kubernetes/client-node";
import { selectedControllerSpec } from "./controller-spec.js";
import { manifestOf } from "./manifest-shape.js";
import { objectMetaArbitrary } from "./metadata.js";
import { dns1035LabelArbitrary, dns1123LabelArbitrary } from "./names.js";
import type { GeneratorOptions } from "./options.js";
import { optional, optionalObject } from "./optional.js";
import { podSpecArbitrary, podTemplateSpecArbitrary, type RestartPolicy } from "./pod-spec.js";
import { quantityArbitrary } from "./quantities.js";
import { objectOf } from "./records.js";

/**
 * A Pod: metadata and a pod spec ({@link podSpecArbitrary}).
 *
 * @param options - the rule bias
 * @returns an arbitrary of Pods
 */
export function podArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Pod> {
  // A rule that reads ports sees them on ephemeral containers too (Pods are where those live).
  const ephemeralPorts = options.bias?.fields.includes("ports") ?? false;
  return manifestOf<V1Pod>("Pod", { spec: podSpecArbitrary({ ephemeralPorts }) }, options);
}

const ALWAYS: readonly RestartPolicy[] = ["Always"];
const RUN_TO_COMPLETION: readonly RestartPolicy[] = ["OnFailure", "Never"];

const replicas = () => optional(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1000 })));
const smallCount = () => optional(fc.integer({ min: 0, max: 20 }), { weights: { absent: 6 } });

/** A rolling update bound: a count or a percentage. */
const intOrPercent = () =>
  fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("0%", "25%", "50%", "100%"));

function isZero(v: unknown): boolean {
  return v === 0 || v === "0%";
}

/** A Deployment strategy: `Recreate`, or `RollingUpdate` with bounds that are not both zero. */
function deploymentStrategyArbitrary(): fc.Arbitrary<V1DeploymentStrategy> {
  const rollingUpdate = objectOf<V1RollingUpdateDeployment>({
    maxSurge: optional(intOrPercent()),
    maxUnavailable: optional(intOrPercent()),
  }).map((r) => (isZero(r.maxSurge) && isZero(r.maxUnavailable) ? { ...r, maxSurge: 1 } : r));
  return fc.oneof(
    fc.constant(null).map((): V1DeploymentStrategy => ({ type: "Recreate" })),
    objectOf<V1DeploymentStrategy>({
      type: fc.constant("RollingUpdate"),
      rollingUpdate: optionalObject(rollingUpdate),
    }),
  );
}

/**
 * A Deployment: a selector, a template labelled to match, replicas and a strategy.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Deployments
 */
export function deploymentArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Deployment> {
  const fields = objectOf<V1DeploymentSpec>({
    replicas: replicas(),
    strategy: optional(deploymentStrategyArbitrary()),
    minReadySeconds: smallCount(),
    revisionHistoryLimit: smallCount(),
    paused: optional(fc.boolean(), { weights: { absent: 8 } }),
  });
  return manifestOf<V1Deployment>("Deployment", { spec: selectedControllerSpec(fields, ALWAYS) }, options);
}

/**
 * A StatefulSet: a selector, a template labelled to match, a service name, and sometimes volume claim templates.
 *
 * @param options - the rule bias
 * @returns an arbitrary of StatefulSets
 */
export function statefulSetArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1StatefulSet> {
  const claim = fc
    .tuple(
      dns1123LabelArbitrary(),
      quantityArbitrary("ephemeral-storage"),
      fc.constantFrom("ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"),
    )
    .map(([name, storage, mode]) => ({
      metadata: { name },
      spec: { accessModes: [mode], resources: { requests: { storage } } },
    }));
  const fields = objectOf<V1StatefulSetSpec>({
    serviceName: dns1035LabelArbitrary(),
    replicas: replicas(),
    podManagementPolicy: optional(fc.constantFrom("OrderedReady", "Parallel")),
    updateStrategy: optional(fc.constantFrom("RollingUpdate", "OnDelete").map((type) => ({ type }))),
    volumeClaimTemplates: optional(
      fc.uniqueArray(claim, { selector: (c) => c.metadata.name, minLength: 1, maxLength: 2 }),
      { empty: [] },
    ),
    minReadySeconds: smallCount(),
  });
  return manifestOf<V1StatefulSet>("StatefulSet", { spec: selectedControllerSpec(fields, ALWAYS) }, options);
}

/**
 * A DaemonSet: a selector, a template labelled to match, and an update strategy.
 *
 * @param options - the rule bias
 * @returns an arbitrary of DaemonSets
 */
export function daemonSetArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1DaemonSet> {
  const fields = objectOf<V1DaemonSetSpec>({
    updateStrategy: optional(fc.constantFrom("RollingUpdate", "OnDelete").map((type) => ({ type }))),
    minReadySeconds: smallCount(),
    revisionHistoryLimit: smallCount(),
  });
  return manifestOf<V1DaemonSet>("DaemonSet", { spec: selectedControllerSpec(fields, ALWAYS) }, options);
}

/**
 * A ReplicaSet: a selector, a template labelled to match, and replicas.
 *
 * @param options - the rule bias
 * @returns an arbitrary of ReplicaSets
 */
export function replicaSetArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1ReplicaSet> {
  const fields = objectOf<V1ReplicaSetSpec>({ replicas: replicas(), minReadySeconds: smallCount() });
  return manifestOf<V1ReplicaSet>("ReplicaSet", { spec: selectedControllerSpec(fields, ALWAYS) }, options);
}

/**
 * A ReplicationController: a template, replicas, and a selector map or none (then the template's labels).
 *
 * @param options - the rule bias
 * @returns an arbitrary of ReplicationControllers
 */
export function replicationControllerArbitrary(
  options: GeneratorOptions = {},
): fc.Arbitrary<V1ReplicationController> {
  const fields = objectOf<V1ReplicationControllerSpec>({
    replicas: replicas(),
    minReadySeconds: smallCount(),
  });
  return manifestOf<V1ReplicationController>(
    "ReplicationController",
    { spec: selectedControllerSpec(fields, ALWAYS, "map") },
    options,
  );
}

/** A Job spec: a template that restarts `OnFailure` or `Never`, and the run-to-completion settings. */
function jobSpecArbitrary(): fc.Arbitrary<V1JobSpec> {
  return objectOf<V1JobSpec>({
    template: podTemplateSpecArbitrary({ restartPolicies: RUN_TO_COMPLETION }),
    backoffLimit: smallCount(),
    completions: optional(fc.integer({ min: 1, max: 10 }), { weights: { absent: 6 } }),
    parallelism: smallCount(),
    activeDeadlineSeconds: optional(fc.integer({ min: 1, max: 86400 }), { weights: { absent: 6 } }),
    ttlSecondsAfterFinished: optional(fc.integer({ min: 0, max: 86400 }), { weights: { absent: 4 } }),
    suspend: optional(fc.boolean(), { weights: { absent: 8 } }),
  });
}

/**
 * A Job: a pod template that restarts `OnFailure` or `Never`.
 *
 * @param options - the rule bias
 * @returns an arbitrary of Jobs
 */
export function jobArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Job> {
  return manifestOf<V1Job>("Job", { spec: jobSpecArbitrary() }, options);
}

/** Cron schedules, standard and macro. */
const SCHEDULES = [
  "*/5 * * * *",
  "0 0 * * *",
  "30 2 * * 0",
  "0 */6 * * 1-5",
  "@hourly",
  "@daily",
  "@weekly",
  "15 10 1 * *",
] as const;

/**
 * A CronJob: a schedule and a job template (pod spec at `spec.jobTemplate.spec.template.spec`);
 * its name has at most 52 characters, as the API requires.
 *
 * @param options - the rule bias
 * @returns an arbitrary of CronJobs
 */
export function cronJobArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1CronJob> {
  const spec = objectOf<V1CronJobSpec>({
    schedule: fc.constantFrom(...SCHEDULES),
    jobTemplate: objectOf({
      metadata: optionalObject(objectMetaArbitrary({ anonymous: true }), { absent: 6 }),
      spec: jobSpecArbitrary(),
    }),
    concurrencyPolicy: optional(fc.constantFrom("Allow", "Forbid", "Replace")),
    suspend: optional(fc.boolean(), { weights: { absent: 8 } }),
    timeZone: optional(fc.constantFrom("Etc/UTC", "Europe/Berlin", "America/New_York"), {
      weights: { absent: 8 },
    }),
    successfulJobsHistoryLimit: smallCount(),
    failedJobsHistoryLimit: smallCount(),
    startingDeadlineSeconds: optional(fc.integer({ min: 10, max: 3600 }), { weights: { absent: 8 } }),
  });
  const name = dns1123LabelArbitrary().map((n) => n.slice(0, 52).replace(/-+$/, ""));
  return manifestOf<V1CronJob>("CronJob", { spec }, options, { name });
}
