import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureWithArgoRollouts, type Measurement } from "./analysis-eval.test-helpers.js";
import { expectedPhase, type MeasurementPhase } from "./conditions.js";
import { CANARY_HASH_ARG } from "./promql.js";
import { startPrometheus, type TestPrometheus } from "./prometheus.test-helpers.js";
import { histogramQuantile, openMetricsOf, type CanaryTraffic } from "./synthetic-series.test-helpers.js";
import {
  CHECKOUT as checkout,
  HEALTHY,
  IDLE,
  metricsAt,
  MISSING,
  QUICK,
  REGRESSING,
  SLOW,
} from "./canaries.test-helpers.js";

function phases(measurements: readonly Measurement[]): Record<string, MeasurementPhase> {
  return Object.fromEntries(measurements.map((m) => [m.metric, m.phase]));
}

const byName = Object.fromEntries(checkout.slos.map((s) => [s.name, s]));

/** Property runs: availability canaries around the burn-rate thresholds (pass 1, fail 2). */
const burnRates = fc.oneof(
  fc.double({ min: 0, max: 0.97, noNaN: true }),
  fc.double({ min: 1.03, max: 1.97, noNaN: true }),
  fc.double({ min: 2.03, max: 20, noNaN: true }),
);
/** Saturation around the ceiling (0.8) and the fail line (0.9). */
const cpus = fc.oneof(
  fc.double({ min: 0, max: 0.79, noNaN: true }),
  fc.double({ min: 0.81, max: 0.89, noNaN: true }),
  fc.double({ min: 0.91, max: 1, noNaN: true }),
);
/**
 * p99 around 300 ms and 500 ms: 0.5% of requests take 300–500 ms, and a tail share `t` takes
 * 0.5–1 s. The 99th percentile is under 300 ms while t ≤ 0.5%, under 500 ms while t ≤ 1%.
 */
const tailShares = fc.oneof(
  fc.double({ min: 0, max: 0.0045, noNaN: true }),
  fc.double({ min: 0.0055, max: 0.0095, noNaN: true }),
  fc.double({ min: 0.0105, max: 0.03, noNaN: true }),
);
const samples = fc.sample(fc.tuple(burnRates, cpus, tailShares), { numRuns: 60, seed: 6_2026 });
const propertyCanaries: CanaryTraffic[] = samples.map(([burn, cpu, tail], i) => ({
  hash: `p${i}`,
  requestsPerSecond: 100,
  errorRatio: burn * (1 - 0.999),
  latencyShares: [0.5, 0.3, 0.195 - tail, 0, 0.005, tail, 0, 0],
  cpu,
}));

describe("the generated analysis against a real Prometheus, measured by Argo Rollouts' own code", () => {
  let prometheus: TestPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus(
      openMetricsOf([HEALTHY, REGRESSING, IDLE, ...propertyCanaries], Math.floor(Date.now() / 1000)),
    );
  });
  afterAll(async () => prometheus?.stop());

  const queryFor = (name: string, hash: string): string =>
    byName[name]!.query.replaceAll(`{{args.${CANARY_HASH_ARG}}}`, hash);

  it("each query returns the value the synthetic series were made to give", async () => {
    const burn = await prometheus.query(queryFor("availability", HEALTHY.hash));
    expect(burn).toHaveLength(1);
    expect(burn[0]).toBeCloseTo(HEALTHY.errorRatio / 0.001, 6);
    expect((await prometheus.query(queryFor("availability", REGRESSING.hash)))[0]).toBeCloseTo(20, 6);
    const p99 = await prometheus.query(queryFor("latency-p99", HEALTHY.hash));
    expect(p99[0]).toBeCloseTo(histogramQuantile(0.99, QUICK), 6);
    expect((await prometheus.query(queryFor("latency-p99", REGRESSING.hash)))[0]).toBeCloseTo(
      histogramQuantile(0.99, SLOW),
      6,
    );
    expect(await prometheus.query(queryFor("cpu-saturation", REGRESSING.hash))).toEqual([0.95]);
    // No traffic: 0/0. No series: no value at all.
    expect(Number.isNaN((await prometheus.query(queryFor("availability", IDLE.hash)))[0])).toBe(true);
    for (const name of Object.keys(byName))
      expect(await prometheus.query(queryFor(name, MISSING))).toEqual([]);
  });

  it("gives Successful for a healthy canary, Failed for a regressing one, Inconclusive with no data", async () => {
    const metrics = metricsAt(prometheus.url);
    const [healthy, regressing, idle, missing] = await measureWithArgoRollouts(
      [HEALTHY.hash, REGRESSING.hash, IDLE.hash, MISSING].map((hash) => ({
        metrics,
        args: [{ name: CANARY_HASH_ARG, value: hash }],
      })),
    );
    const all = (phase: MeasurementPhase) => Object.fromEntries(metrics.map((m) => [m.name, phase]));
    expect(healthy).toHaveProperty("measurements");
    expect(phases((healthy as { measurements: Measurement[] }).measurements)).toEqual(all("Successful"));
    expect(phases((regressing as { measurements: Measurement[] }).measurements)).toEqual(all("Failed"));
    expect(phases((missing as { measurements: Measurement[] }).measurements)).toEqual(all("Inconclusive"));
    // Stopped traffic: the ratios are NaN (inconclusive); the gauge still reads, under the ceiling.
    expect(phases((idle as { measurements: Measurement[] }).measurements)).toEqual({
      availability: "Inconclusive",
      "latency-p99": "Inconclusive",
      "cpu-saturation": "Successful",
    });
  });

  it("decides as the thresholds say for canaries around them (property runs, Argo Rollouts' evaluation)", async () => {
    const metrics = metricsAt(prometheus.url);
    const results = await measureWithArgoRollouts(
      propertyCanaries.map((c) => ({ metrics, args: [{ name: CANARY_HASH_ARG, value: c.hash }] })),
    );
    const seen = new Set<string>();
    for (const [i, result] of results.entries()) {
      const [burn, cpu, tail] = samples[i]!;
      if ("error" in result) throw new Error(`canary p${i}: ${result.error}`);
      const got = phases(result.measurements);
      const intended: Record<string, MeasurementPhase> = {
        availability: burn <= 1 ? "Successful" : burn > 2 ? "Failed" : "Inconclusive",
        "cpu-saturation": cpu <= 0.8 ? "Successful" : cpu > 0.9 ? "Failed" : "Inconclusive",
        "latency-p99": tail <= 0.005 ? "Successful" : tail > 0.01 ? "Failed" : "Inconclusive",
      };
      for (const m of result.measurements) {
        const context = `canary p${i} (burn ${burn}, cpu ${cpu}, tail share ${tail}): ${m.metric} = ${m.value}`;
        expect(got[m.metric], context).toBe(intended[m.metric]);
        // The TypeScript reading of the thresholds agrees with Argo Rollouts' on the same value.
        const values = JSON.parse(m.value.replace(/NaN/g, "null")) as (number | null)[];
        expect(
          expectedPhase(
            byName[m.metric]!,
            values.map((v) => v ?? Number.NaN),
          ),
          context,
        ).toBe(m.phase);
        seen.add(`${m.metric}:${m.phase}`);
      }
    }
    // The runs reached every outcome of every objective.
    expect(seen.size).toBe(9);
  });
});
