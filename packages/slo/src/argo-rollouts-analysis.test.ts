import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  kustomizeBuild,
  startArgoRollouts,
  startControlPlane,
  waitUntil,
  type ControlPlane,
  type KubeObject,
} from "@tollgate/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisTemplateOf } from "./analysis-template.js";
import { CHECKOUT, HEALTHY, metricsAt, MISSING, REGRESSING } from "./canaries.test-helpers.js";
import { canaryStepsOf } from "./canary-steps.js";
import { CANARY_HASH_ARG } from "./promql.js";
import { startPrometheus, type TestPrometheus } from "./prometheus.test-helpers.js";
import { sloFiles } from "./slo-files.js";
import { openMetricsOf } from "./synthetic-series.test-helpers.js";

const NAMESPACE = "shop";

/** The Rollout a team has before it adds the generated component: no strategy yet. */
const ROLLOUT = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Rollout",
  metadata: { name: "checkout", namespace: NAMESPACE },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "checkout" } },
    template: {
      metadata: { labels: { app: "checkout" } },
      spec: { containers: [{ name: "app", image: "registry.aibos.internal/checkout:2.0.0" }] },
    },
  },
};

describe("the generated analysis, run by Argo Rollouts' controller on a real API server", () => {
  let prometheus: TestPrometheus;
  let cluster: ControlPlane;
  let work: string;
  beforeAll(async () => {
    prometheus = await startPrometheus(openMetricsOf([HEALTHY, REGRESSING], Math.floor(Date.now() / 1000)));
    cluster = await startControlPlane();
    await startArgoRollouts(cluster);
    await cluster.createNamespace(NAMESPACE);
    work = mkdtempSync(join(tmpdir(), "tollgate-slo-"));
  });
  afterAll(async () => {
    await cluster?.stop();
    await prometheus?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the AnalysisTemplate and the Rollout the canary component makes pass Argo Rollouts' CRD schemas, strictly", async () => {
    for (const [path, text] of sloFiles([CHECKOUT], "generated")) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), text);
    }
    mkdirSync(join(work, "app"));
    writeFileSync(join(work, "app", "rollout.yaml"), JSON.stringify(ROLLOUT));
    writeFileSync(
      join(work, "app", "kustomization.yaml"),
      JSON.stringify({
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        namespace: NAMESPACE,
        resources: ["rollout.yaml"],
        components: ["../generated/slo/checkout"],
      }),
    );
    const objects = kustomizeBuild<KubeObject>(join(work, "app"));
    expect(objects.map((o) => o["kind"]).sort()).toEqual(["AnalysisTemplate", "Rollout"]);
    const rollout = objects.find((o) => o["kind"] === "Rollout") as typeof ROLLOUT & {
      spec: { strategy: { canary: { steps: unknown[] } } };
    };
    expect(rollout.spec.strategy.canary.steps).toEqual(canaryStepsOf(CHECKOUT));
    for (const object of objects) {
      const answer = await cluster.client.create(object, { dryRun: true, fieldValidation: "Strict" });
      expect(answer.status, `${String(object["kind"])}: ${JSON.stringify(answer.body["message"])}`).toBe(201);
    }
    // The check can fail: a misspelt field is refused.
    const template = analysisTemplateOf(CHECKOUT);
    const misspelt = {
      ...template,
      metadata: { ...template.metadata, namespace: NAMESPACE },
      spec: { ...template.spec, metrics: [{ ...template.spec.metrics[0], successCondtion: "true" }] },
    };
    const refused = await cluster.client.create(misspelt, { dryRun: true, fieldValidation: "Strict" });
    expect(refused.status).toBe(400);
    expect(String(refused.body["message"])).toContain("successCondtion");
  });

  it("AnalysisRuns of the generated metrics end Successful for a healthy canary, Failed for a regressing one, Inconclusive without data", async () => {
    // Measured twice a second apart rather than five times a minute apart: the timing is the
    // template's setting, the queries and conditions are what is tested.
    const metrics = metricsAt(prometheus.url).map((m) => ({ ...m, interval: "1s", count: 2 }));
    const runs = { healthy: HEALTHY.hash, regressing: REGRESSING.hash, missing: MISSING };
    for (const [name, hash] of Object.entries(runs)) {
      const answer = await cluster.client.create({
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AnalysisRun",
        metadata: { name: `checkout-${name}`, namespace: NAMESPACE },
        spec: { args: [{ name: CANARY_HASH_ARG, value: hash }], metrics },
      });
      expect(answer.status, JSON.stringify(answer.body["message"])).toBe(201);
    }
    const phases: Record<string, string> = {};
    const expected = { healthy: "Successful", regressing: "Failed", missing: "Inconclusive" };
    await waitUntil(
      "the AnalysisRuns to finish",
      async () => {
        for (const name of Object.keys(runs)) {
          const run = await cluster.client.get(
            "argoproj.io/v1alpha1",
            "AnalysisRun",
            `checkout-${name}`,
            NAMESPACE,
          );
          const status = (run?.["status"] ?? {}) as { phase?: string };
          if (status.phase) phases[name] = status.phase;
        }
        return (
          Object.values(phases).every((p) => p !== "Pending" && p !== "Running") &&
          Object.keys(phases).length === 3
        );
      },
      180_000,
      1000,
    );
    expect(phases).toEqual(expected);
    // Per metric, as the controller recorded it: every measurement of every objective gave the
    // run's outcome. (A metric's own phase can read Successful when the run ended, on another
    // metric's outcome, before its measurements reached a limit: the measurements are what count.)
    for (const [name, phase] of Object.entries(expected)) {
      const run = await cluster.client.get(
        "argoproj.io/v1alpha1",
        "AnalysisRun",
        `checkout-${name}`,
        NAMESPACE,
      );
      const results =
        (
          (run?.["status"] ?? {}) as {
            metricResults?: { name: string; measurements?: { phase: string }[] }[];
          }
        ).metricResults ?? [];
      expect(results.map((r) => r.name).sort(), name).toEqual(CHECKOUT.slos.map((slo) => slo.name).sort());
      for (const r of results) {
        expect(r.measurements?.length, `${name} ${r.name}`).toBeGreaterThan(0);
        expect(new Set(r.measurements?.map((m) => m.phase)), `${name} ${r.name}`).toEqual(new Set([phase]));
      }
    }
  });
});
