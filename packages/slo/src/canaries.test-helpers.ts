import { analysisTemplateOf, type PrometheusMetric } from "./analysis-template.js";
import type { ServiceSlos } from "./service-slos.js";
import type { CanaryTraffic } from "./synthetic-series.test-helpers.js";

/** The repository's example service (`examples/slos/checkout/slo.ts`), loaded as `tollgate build` loads it. */
export const CHECKOUT: ServiceSlos = (
  (await import(new URL("../../../examples/slos/checkout/slo.ts", import.meta.url).href)) as {
    default: ServiceSlos;
  }
).default;

/** Latency shares per bucket (≤50ms, ≤100ms, ≤200ms, ≤300ms, ≤500ms, ≤1s, ≤2s, +Inf): p99 under 300 ms. */
export const QUICK: readonly number[] = [0.6, 0.3, 0.08, 0.015, 0.005, 0, 0, 0];
/** p99 over a second. */
export const SLOW: readonly number[] = [0.2, 0.2, 0.2, 0.2, 0.1, 0.07, 0.03, 0];

/** A canary within every objective of the example. */
export const HEALTHY: CanaryTraffic = {
  hash: "healthy",
  requestsPerSecond: 200,
  errorRatio: 0.0004,
  latencyShares: QUICK,
  cpu: 0.55,
};
/** A canary past every objective's fail line. */
export const REGRESSING: CanaryTraffic = {
  hash: "regressing",
  requestsPerSecond: 200,
  errorRatio: 0.02,
  latencyShares: SLOW,
  cpu: 0.95,
};
/** Requests stopped: the counters stand still, every ratio is 0/0. */
export const IDLE: CanaryTraffic = {
  hash: "idle",
  requestsPerSecond: 0,
  errorRatio: 0,
  latencyShares: QUICK,
  cpu: 0.1,
};
/** A canary hash with no series at all. */
export const MISSING = "missing";

/**
 * The example's generated metrics, pointed at a test Prometheus (the address is where the
 * cluster's Prometheus is, not what the analysis means).
 *
 * @param url - the test Prometheus
 * @returns the metrics
 */
export function metricsAt(url: string): PrometheusMetric[] {
  return analysisTemplateOf(CHECKOUT).spec.metrics.map((m) => ({
    ...m,
    provider: { prometheus: { ...m.provider.prometheus, address: url } },
  }));
}
