import {
  installCustomResourceDefinitions,
  startControlPlane,
  startGatekeeper,
  startKyverno,
  statusMessage,
  TARGET_LABEL,
  waitUntil,
  type ControlPlane,
  type KubeClient,
} from "@tollgate/cluster";
import type { RecordedDenials } from "@tollgate/artifacts";
import { createOracleEngine, type Engine } from "@tollgate/engines";
import { evaluateRule } from "@tollgate/oracle";
import type { RuleIR } from "@tollgate/rule-dsl";
import { admissionCasesOf, type AdmissionCase } from "./admission-cases.js";
import { admissionOutcomeOf, type AdmissionOutcome } from "./admission-outcome.js";
import {
  ADMISSION_TARGETS,
  constraintTemplatesOf,
  INSTANCE_LABEL,
  instancePolicyObjects,
  judgingPolicyName,
  policyInstancesOf,
  type AdmissionTarget,
  type PolicyInstance,
} from "./admission-policies.js";
import { rolloutCustomResourceDefinition } from "./rollout-crd.js";
import { runPool } from "./run-pool.js";
import { shrinkAgainstCluster } from "./admission-shrink.js";
import { kubectlDenial } from "./kubectl-denials.js";

/** What the admission conformance run checks. */
export interface AdmissionOptions {
  readonly rules: readonly RuleIR[];
  /** Configured parameters by rule id (the release's). */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Generated objects per rule and kind, besides every example. */
  readonly perKind: number;
  readonly seed: number;
  /** The admission paths (default: all three). */
  readonly targets?: readonly AdmissionTarget[];
  /**
   * Which engine of the ConstraintTemplates (they carry both) Gatekeeper judges with: `rego`
   * (the default, whose messages name the field) or `cel` (K8sNativeValidation).
   */
  readonly gatekeeperEngine?: "rego" | "cel";
  /** Receives progress lines. */
  readonly onProgress?: (line: string) => void;
  /**
   * How long to wait for each target's policies to take effect (an object the oracle denies is
   * denied) before judging; a policy that never denies is reported. Default 120 s.
   */
  readonly enforcementTimeoutMs?: number;
  /**
   * Alters each policy object before it is installed. For the tests of this check itself: a
   * policy changed to mean something else, or one the API server must refuse, has to fail it.
   */
  readonly alterPolicy?: (
    target: AdmissionTarget,
    object: Record<string, unknown>,
  ) => Record<string, unknown>;
}

/** A verdict at admission that is not the oracle's. */
export interface AdmissionDisagreement {
  readonly target: AdmissionTarget;
  readonly operation: AdmissionOperation;
  readonly rule: string;
  /** The policy instance (the rule, or the rule with an example's parameters). */
  readonly instance: string;
  readonly source: string;
  /** What the oracle says the cluster must do. */
  readonly expected: "allowed" | "denied";
  /** What the cluster did, with its message. */
  readonly got: AdmissionOutcome;
  /** The object sent. */
  readonly object: Record<string, unknown>;
}

/** A policy object the API server (or the engine's own validation) refused. */
export interface PolicyRejection {
  readonly target: AdmissionTarget;
  readonly rule: string;
  readonly object: string;
  readonly message: string;
}

/** The outcome for one admission path. */
export interface AdmissionTargetReport {
  readonly target: AdmissionTarget;
  /** For Gatekeeper: which engine of its templates judged. */
  readonly engine?: "rego" | "cel";
  /** Policy instances installed. */
  readonly policies: number;
  /** Requests judged (CREATE and UPDATE). */
  readonly judged: number;
  readonly denied: number;
  readonly allowed: number;
  readonly disagreements: AdmissionDisagreement[];
  readonly rejections: PolicyRejection[];
  /** Instances whose policy never denied a known-bad object before the deadline. */
  readonly neverEnforced: string[];
  /**
   * Rules whose first denied example the target refused with a message that holds none of the
   * oracle's (`<field>: <message>`): every target's message must name the field as the oracle does.
   */
  readonly messageMismatches: {
    readonly rule: string;
    readonly printed: string;
    readonly oracle: string[];
  }[];
}

/** Everything the admission run found. */
export interface AdmissionReport {
  readonly targets: AdmissionTargetReport[];
  /** Objects judged (examples and generated objects the API server accepts as valid). */
  readonly cases: number;
  /** Examples the API server's validation refused before admission (not a verdict; counted, never judged). */
  readonly invalid: number;
  /** Objects of kinds the API server does not serve. */
  readonly unserved: number;
  /** The first few examples refused as invalid, with the API server's reason. */
  readonly invalidSamples: readonly { readonly source: string; readonly message: string }[];
  /**
   * What `kubectl` printed for each rule's first denied example, per target (recorded for the
   * doc pages); empty when kubectl is not installed.
   */
  readonly denials: RecordedDenials;
  /** Seconds to start the control plane and the webhooks. */
  readonly startSeconds: number;
  readonly seconds: number;
  readonly ok: boolean;
}

type K8s = Record<string, unknown>;

function labelled(object: K8s, labels: Record<string, string>, name?: string): K8s {
  const meta = (object["metadata"] ?? {}) as K8s;
  return {
    ...object,
    metadata: {
      ...meta,
      ...(name ? { name } : {}),
      labels: { ...((meta["labels"] as Record<string, string> | undefined) ?? {}), ...labels },
    },
  };
}

function nameOf(object: K8s): string {
  return String((object["metadata"] as K8s | undefined)?.["name"] ?? "");
}

/** An object accepted by the API server, as it would judge it (defaults and built-in mutations applied). */
interface PreparedCase {
  readonly c: AdmissionCase;
  /** The object as the API server sees it on CREATE, after defaulting and mutating admission; absent for a Pod with ephemeral containers. */
  readonly normalized?: K8s;
  /** The stored copy for the UPDATE requests, when the server stored it. */
  readonly stored?: K8s;
  /**
   * A Pod's ephemeral containers, which no Pod can be created with: the Pod is stored without
   * them (one copy per target, labelled for it: the subresource keeps the stored labels), and
   * they are added as `kubectl debug` does, by an UPDATE of pods/ephemeralcontainers.
   */
  readonly ephemeral?: {
    readonly containers: unknown[];
    readonly stored: Partial<Record<AdmissionTarget, K8s>>;
  };
}

/** The requests a case is judged by: CREATE, UPDATE, and adding ephemeral containers to a stored Pod. */
export type AdmissionOperation = "CREATE" | "UPDATE" | "UPDATE pods/ephemeralcontainers";

function ephemeralContainersOf(object: K8s): unknown[] | undefined {
  if (object["kind"] !== "Pod" || object["apiVersion"] !== "v1") return undefined;
  const list = ((object["spec"] ?? {}) as K8s)["ephemeralContainers"];
  return Array.isArray(list) && list.length > 0 ? list : undefined;
}

async function createNamespaces(cluster: ControlPlane, cases: readonly AdmissionCase[]): Promise<void> {
  const namespaces = new Set<string>();
  const accounts = new Set<string>();
  for (const { object } of cases) {
    const ns = (object["metadata"] as K8s)["namespace"];
    if (typeof ns !== "string") continue;
    namespaces.add(ns);
    if (object["kind"] === "Pod") {
      const spec = (object["spec"] ?? {}) as K8s;
      const sa = spec["serviceAccountName"] ?? spec["serviceAccount"];
      if (typeof sa === "string" && sa && sa !== "default") accounts.add(`${ns}/${sa}`);
    }
  }
  // A generated namespace name the API server refuses makes the objects in it invalid, not the run.
  await runPool([...namespaces], 8, (ns) => cluster.createNamespace(ns).catch(() => undefined));
  await runPool([...accounts], 8, async (key) => {
    const [namespace, name] = key.split("/");
    await cluster.client.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
  });
}

async function prepareCases(
  client: KubeClient,
  cases: readonly AdmissionCase[],
  perKind: number,
  targets: readonly AdmissionTarget[],
): Promise<{
  prepared: PreparedCase[];
  invalid: number;
  unserved: number;
  invalidSamples: { source: string; message: string }[];
}> {
  let invalid = 0;
  let unserved = 0;
  const invalidSamples: { source: string; message: string }[] = [];
  const prepared: PreparedCase[] = [];
  // Examples alone; generated candidates by group, in order, until `perKind` of them are valid.
  const lanes = new Map<string, AdmissionCase[]>();
  cases.forEach((c, i) => {
    const key = c.group ?? `#${i}`;
    lanes.set(key, [...(lanes.get(key) ?? []), c]);
  });
  await runPool([...lanes.values()], 8, async (lane) => {
    let accepted = 0;
    for (const c of lane) {
      if (c.group && accepted >= perKind) return;
      const bare = labelled(c.object, { [TARGET_LABEL]: "none" });
      let dry;
      try {
        dry = await client.create(bare, { dryRun: true });
      } catch {
        unserved += 1;
        continue;
      }
      const containers = ephemeralContainersOf(c.object);
      if (containers && dry.status !== 201 && dry.status !== 200) {
        const { ephemeralContainers: _left, ...spec } = c.object["spec"] as K8s;
        const stored: Partial<Record<AdmissionTarget, K8s>> = {};
        for (const target of targets) {
          const labels = { [TARGET_LABEL]: target, [INSTANCE_LABEL]: c.instance.name };
          const answer = await client.create(
            labelled({ ...c.object, spec }, labels, `${nameOf(c.object)}-${target}`),
          );
          if (answer.status === 201) stored[target] = answer.body;
        }
        if (Object.keys(stored).length === targets.length) {
          accepted += 1;
          prepared.push({ c, ephemeral: { containers, stored } });
          continue;
        }
      }
      if (dry.status !== 201 && dry.status !== 200) {
        if (!c.group) {
          invalid += 1;
          if (invalidSamples.length < 20)
            invalidSamples.push({
              source: `${c.instance.rule.meta.id}: ${c.source}`,
              message: statusMessage(dry),
            });
        }
        continue;
      }
      accepted += 1;
      const stored = await client.create(labelled(bare, {}, `${nameOf(c.object)}-u`));
      prepared.push({ c, normalized: dry.body, ...(stored.status === 201 ? { stored: stored.body } : {}) });
    }
  });
  return { prepared, invalid, unserved, invalidSamples };
}

async function installPolicies(
  cluster: ControlPlane,
  target: AdmissionTarget,
  instances: readonly PolicyInstance[],
  alter: (target: AdmissionTarget, object: K8s) => K8s = (_, o) => o,
): Promise<PolicyRejection[]> {
  const rejections: PolicyRejection[] = [];
  const create = async (rule: string, object: K8s): Promise<boolean> => {
    const answer = await cluster.client.create(alter(target, object));
    if (answer.status === 201 || answer.status === 200) return true;
    rejections.push({
      target,
      rule,
      object: `${String(object["kind"])}/${nameOf(object)}`,
      message: statusMessage(answer),
    });
    return false;
  };
  if (target === "gatekeeper") {
    const rules = [...new Set(instances.map((i) => i.rule))];
    const templates = constraintTemplatesOf(rules);
    const accepted = new Set<RuleIR>();
    await runPool(rules, 4, async (rule, i) => {
      if (await create(rule.meta.id, templates[i]!)) accepted.add(rule);
    });
    await waitForConstraintKinds(
      cluster,
      rules.filter((r) => accepted.has(r)),
      rejections,
    );
    cluster.client.forgetDiscovery();
    await runPool(
      instances.filter((i) => accepted.has(i.rule) && !rejections.some((r) => r.rule === i.rule.meta.id)),
      4,
      async (instance) => {
        for (const o of instancePolicyObjects(target, instance)) await create(instance.rule.meta.id, o);
      },
    );
    return rejections;
  }
  await runPool(instances, 4, async (instance) => {
    for (const o of instancePolicyObjects(target, instance))
      if (!(await create(instance.rule.meta.id, o))) break;
  });
  return rejections;
}

/** Waits until Gatekeeper has made the Constraint CRD of every template; a template it cannot compile is a rejection. */
async function waitForConstraintKinds(
  cluster: ControlPlane,
  rules: readonly RuleIR[],
  rejections: PolicyRejection[],
): Promise<void> {
  const pending = new Map(rules.map((r) => [r, constraintTemplatesOf([r])[0]!]));
  await waitUntil(
    "Gatekeeper to create the Constraint CRD of every ConstraintTemplate",
    async () => {
      for (const [rule, template] of [...pending]) {
        const current = await cluster.client.get(
          "templates.gatekeeper.sh/v1",
          "ConstraintTemplate",
          nameOf(template),
        );
        const status = (current?.["status"] ?? {}) as {
          created?: boolean;
          byPod?: { errors?: { message?: string }[] }[];
        };
        const errors = (status.byPod ?? []).flatMap((p) => p.errors ?? []);
        if (errors.length > 0) {
          rejections.push({
            target: "gatekeeper",
            rule: rule.meta.id,
            object: `ConstraintTemplate/${nameOf(template)}`,
            message: errors.map((e) => e.message ?? "").join("; "),
          });
          pending.delete(rule);
        } else if (status.created === true) pending.delete(rule);
      }
      return pending.size === 0;
    },
    300_000,
    1000,
  );
}

function expectedOf(
  oracle: Engine,
  instance: PolicyInstance,
  object: K8s,
  operation: string,
): "allowed" | "denied" {
  const verdict = oracle.evaluate(object, operation).find((r) => r.rule === instance.rule.meta.id)?.verdict;
  const enforced = (instance.rule.enforcement ?? "deny") === "deny";
  return verdict === "fail" && enforced ? "denied" : "allowed";
}

/** Whether the cluster did what the oracle says; a denial must name the instance's own policy. */
function agrees(
  expected: "allowed" | "denied",
  got: AdmissionOutcome,
  target: AdmissionTarget,
  instance: PolicyInstance,
): boolean {
  if (expected === "allowed") return got.kind === "allowed";
  if (got.kind !== "denied") return false;
  const name = judgingPolicyName(target, instance).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w-])${name}(?![\\w-])`).test(got.message);
}

/**
 * Admission conformance: starts a real control plane (etcd, kube-apiserver) with Gatekeeper's
 * manager and Kyverno's admission controller as webhooks, installs every rule as each target
 * compiles it (ValidatingAdmissionPolicy + Binding, ConstraintTemplate + Constraint, Kyverno
 * ValidatingPolicy), and sends every example and `perKind` generated objects per kind, by
 * server-side dry run, as CREATE and as UPDATE of a stored copy. The cluster's verdict must be
 * the oracle's on the object the API server judged (after its defaults and built-in
 * mutations); a denial must name the rule's policy. A policy the server refuses is a failure.
 * The cluster is stopped at the end, whatever happens.
 *
 * @param options - rules, parameters, sample size, seed, targets
 * @returns the report
 */
export async function runAdmissionConformance(options: AdmissionOptions): Promise<AdmissionReport> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const targets = options.targets ?? ADMISSION_TARGETS;
  const configured = options.params ?? {};
  const instances = policyInstancesOf(options.rules, configured);
  const cases = admissionCasesOf(instances, configured, options.perKind, options.seed);
  progress(
    `admission: ${instances.length} policy instances of ${options.rules.length} rules, ${cases.length} objects`,
  );
  const cluster = await startControlPlane();
  try {
    progress(
      `admission: API server up at ${cluster.server}; starting ${targets.filter((t) => t !== "vap").join(" and ") || "no webhooks"}`,
    );
    const webhooks: Promise<unknown>[] = [];
    if (targets.includes("gatekeeper"))
      webhooks.push(startGatekeeper(cluster, { engine: options.gatekeeperEngine ?? "rego" }));
    if (targets.includes("kyverno")) webhooks.push(startKyverno(cluster));
    if (cases.some((c) => c.object["kind"] === "Rollout"))
      webhooks.push(installCustomResourceDefinitions(cluster, [rolloutCustomResourceDefinition()]));
    // Started side by side with the preparation below; a failure is reported once awaited.
    const webhooksStarted = Promise.all(webhooks);
    webhooksStarted.catch(() => undefined);
    await createNamespaces(cluster, cases);
    const { prepared, invalid, unserved, invalidSamples } = await prepareCases(
      cluster.client,
      cases,
      options.perKind,
      targets,
    );
    progress(
      `admission: ${prepared.length} objects accepted by the API server's validation (${invalid} invalid examples, ${unserved} of unserved kinds), ${prepared.filter((p) => p.stored).length} stored for UPDATE`,
    );
    await webhooksStarted;
    const startSeconds = (Date.now() - started) / 1000;
    const oracles = new Map(
      instances.map((i) => [
        i,
        createOracleEngine(
          { rules: [i.rule], params: { [i.rule.meta.id]: i.params } },
          { mode: "interpreted" },
        ),
      ]),
    );
    const reports: AdmissionTargetReport[] = [];
    const denials: Record<string, RecordedDenials[string]> = {};
    for (const target of targets) {
      const t0 = Date.now();
      const rejections = await installPolicies(cluster, target, instances, options.alterPolicy);
      const judgeable = prepared.filter((p) => !rejections.some((r) => r.rule === p.c.instance.rule.meta.id));
      const neverEnforced = await waitForEnforcement(
        cluster.client,
        target,
        judgeable,
        oracles,
        options.enforcementTimeoutMs ?? 120_000,
      );
      progress(
        `admission: ${target}: policies installed and enforced in ${((Date.now() - t0) / 1000).toFixed(0)} s${neverEnforced.length ? ` (never enforced: ${neverEnforced.join(", ")})` : ""}`,
      );
      const disagreements: AdmissionDisagreement[] = [];
      let judged = 0;
      let denied = 0;
      const deniedExamples: PreparedCase[] = [];
      const labelsOf = (instance: PolicyInstance): Record<string, string> => ({
        [TARGET_LABEL]: target,
        [INSTANCE_LABEL]: instance.name,
      });
      /** The cluster's answer to a CREATE of a fresh object, and the oracle's on what the API server judged. */
      const createVerdicts = async (
        instance: PolicyInstance,
        object: K8s,
      ): Promise<{ expected: "allowed" | "denied"; got: AdmissionOutcome; judged: K8s } | undefined> => {
        const dry = await cluster.client.create(labelled(object, { [TARGET_LABEL]: "none" }), {
          dryRun: true,
        });
        if (dry.status !== 200 && dry.status !== 201) return undefined;
        const judgedObject = labelled(dry.body, labelsOf(instance));
        const got = admissionOutcomeOf(
          await cluster.client.create(labelled(object, labelsOf(instance)), { dryRun: true }),
        );
        return {
          expected: expectedOf(oracles.get(instance)!, instance, judgedObject, "CREATE"),
          got,
          judged: judgedObject,
        };
      };
      const judge = async (p: PreparedCase, operation: AdmissionOperation): Promise<void> => {
        const instance = p.c.instance;
        const labels = labelsOf(instance);
        let judgedObject: K8s;
        let answer;
        if (operation === "CREATE") {
          judgedObject = labelled(p.normalized!, labels);
          answer = await cluster.client.create(labelled(p.c.object, labels), { dryRun: true });
        } else if (operation === "UPDATE") {
          judgedObject = labelled(p.stored!, labels);
          answer = await cluster.client.replace(judgedObject, { dryRun: true });
        } else {
          const stored = p.ephemeral!.stored[target]!;
          judgedObject = {
            ...stored,
            spec: { ...(stored["spec"] as K8s), ephemeralContainers: p.ephemeral!.containers },
          };
          answer = await cluster.client.replaceSubresource(judgedObject, "ephemeralcontainers", {
            dryRun: true,
          });
        }
        const got = admissionOutcomeOf(answer);
        if (got.kind === "invalid") return;
        judged += 1;
        if (got.kind === "denied") denied += 1;
        const expected = expectedOf(
          oracles.get(instance)!,
          instance,
          judgedObject,
          operation === "CREATE" ? "CREATE" : "UPDATE",
        );
        if (agrees(expected, got, target, instance)) {
          if (operation === "CREATE" && p.c.example && expected === "denied") deniedExamples.push(p);
          return;
        }
        let shown: { object: K8s; got: AdmissionOutcome; expected: "allowed" | "denied" } = {
          object: judgedObject,
          got,
          expected,
        };
        if (operation === "CREATE") {
          const shrunk = await shrinkAgainstCluster(p.c.object, async (candidate) => {
            const v = await createVerdicts(instance, candidate);
            return (
              v !== undefined && v.got.kind !== "invalid" && !agrees(v.expected, v.got, target, instance)
            );
          });
          const v = await createVerdicts(instance, shrunk);
          if (v) shown = { object: labelled(shrunk, labels), got: v.got, expected: v.expected };
        }
        disagreements.push({
          target,
          operation,
          rule: instance.rule.meta.id,
          instance: instance.name,
          source: p.c.source,
          expected: shown.expected,
          got: shown.got,
          object: shown.object,
        });
      };
      await runPool(judgeable, 8, async (p) => {
        if (p.ephemeral) {
          await judge(p, "UPDATE pods/ephemeralcontainers");
          return;
        }
        await judge(p, "CREATE");
        if (p.stored) await judge(p, "UPDATE");
      });
      const messageMismatches = await recordDenials(cluster, target, deniedExamples, cases, denials);
      const installed = new Set(instances.filter((i) => !rejections.some((r) => r.rule === i.rule.meta.id)));
      reports.push({
        target,
        ...(target === "gatekeeper" ? { engine: options.gatekeeperEngine ?? "rego" } : {}),
        policies: installed.size,
        judged,
        denied,
        allowed: judged - denied,
        disagreements,
        rejections,
        neverEnforced,
        messageMismatches,
      });
      progress(
        `admission: ${target}: ${installed.size} policies, ${judged} requests judged in ${((Date.now() - t0) / 1000).toFixed(0)} s, ${disagreements.length} disagreements, ${rejections.length} policies refused`,
      );
    }
    const ok =
      reports.length > 0 &&
      reports.every(
        (r) =>
          r.disagreements.length === 0 &&
          r.rejections.length === 0 &&
          r.judged > 0 &&
          r.neverEnforced.length === 0 &&
          r.messageMismatches.length === 0,
      );
    return {
      targets: reports,
      cases: prepared.length,
      invalid,
      unserved,
      invalidSamples,
      denials,
      startSeconds,
      seconds: (Date.now() - started) / 1000,
      ok,
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * Policies take effect asynchronously (the API server's policy informer, Gatekeeper's and
 * Kyverno's caches): for each instance, poll one object the oracle says it denies until the
 * cluster denies it. Returns the instances that never did before the deadline.
 */
/** How many objects the oracle denies are tried per policy to see that it is enforced. */
const PROBES_PER_POLICY = 4;

async function waitForEnforcement(
  client: KubeClient,
  target: AdmissionTarget,
  prepared: readonly PreparedCase[],
  oracles: ReadonlyMap<PolicyInstance, Engine>,
  timeoutMs: number,
): Promise<string[]> {
  // Several probes per policy: one object can be refused for a reason of its own (a node port or
  // a cluster IP another object holds), and must not make the policy look unenforced.
  const probes = new Map<PolicyInstance, K8s[]>();
  for (const p of prepared) {
    const held = probes.get(p.c.instance) ?? [];
    if (held.length >= PROBES_PER_POLICY || !p.normalized) continue;
    const labels = { [TARGET_LABEL]: target, [INSTANCE_LABEL]: p.c.instance.name };
    if (
      expectedOf(oracles.get(p.c.instance)!, p.c.instance, labelled(p.normalized, labels), "CREATE") ===
      "denied"
    )
      probes.set(p.c.instance, [...held, labelled(p.c.object, labels)]);
  }
  const deadline = Date.now() + timeoutMs;
  while (probes.size > 0 && Date.now() < deadline) {
    await runPool([...probes], 8, async ([instance, objects]) => {
      for (const object of objects) {
        const got = admissionOutcomeOf(await client.create(object, { dryRun: true }));
        if (got.kind === "denied") {
          probes.delete(instance);
          return;
        }
      }
    });
    if (probes.size > 0) await new Promise((r) => setTimeout(r, 1000));
  }
  return [...probes.keys()].map((i) => i.name);
}

/**
 * For each rule, the first of its examples (in definition order) that the target denied: what
 * kubectl prints when a user applies it as written. Each printed message must hold one of the
 * oracle's messages for the example; the rules where none is found are returned.
 */
async function recordDenials(
  cluster: ControlPlane,
  target: AdmissionTarget,
  deniedExamples: readonly PreparedCase[],
  cases: readonly AdmissionCase[],
  denials: Record<string, RecordedDenials[string]>,
): Promise<AdmissionTargetReport["messageMismatches"]> {
  const mismatches: AdmissionTargetReport["messageMismatches"][number][] = [];
  const first = new Map<string, PreparedCase>();
  for (const p of [...deniedExamples].sort((a, b) => cases.indexOf(a.c) - cases.indexOf(b.c))) {
    const id = p.c.instance.rule.meta.id;
    if (!first.has(id) && p.c.instance.name === id) first.set(id, p);
  }
  await runPool([...first], 4, async ([id, p]) => {
    const example = p.c.example!;
    const labels = { [TARGET_LABEL]: target, [INSTANCE_LABEL]: p.c.instance.name };
    const printed = await kubectlDenial(cluster.kubeconfigFile, labelled(example.object, labels));
    if (printed === undefined) return;
    // The policy judged the object as the API server decoded and defaulted it (an AppArmor
    // annotation also becomes the field, for one): the oracle reads that object too, as a dry run
    // without the labels that select a policy returns it.
    const defaulted = await cluster.client.create(example.object, { dryRun: true }).catch(() => undefined);
    const objects = [example.object, ...(defaulted && defaulted.status < 300 ? [defaulted.body] : [])];
    const oracle = [
      ...new Set(
        objects.flatMap((o) =>
          evaluateRule(p.c.instance.rule, o, p.c.instance.params).violations.map(
            (v) => `${v.field}: ${v.message}`,
          ),
        ),
      ),
    ];
    if (!oracle.some((m) => printed.includes(m))) mismatches.push({ rule: id, printed, oracle });
    const entry = denials[id] ?? { example: example.title, messages: {} };
    if (entry.example === example.title)
      denials[id] = { ...entry, messages: { ...entry.messages, [target]: printed } };
  });
  return mismatches;
}
