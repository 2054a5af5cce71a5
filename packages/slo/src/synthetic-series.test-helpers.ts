/** Seconds between the synthetic samples, as a scrape interval would space them. */
export const SAMPLE_STEP_SECONDS = 15;

/** How far back the synthetic series go: more than every query window. */
export const HISTORY_SECONDS = 30 * 60;

/** The buckets (upper bounds, seconds) of the synthetic request-duration histograms. */
export const LATENCY_BUCKETS: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2];

/** One canary's traffic as the synthetic series describe it, constant over the history. */
export interface CanaryTraffic {
  /** The value of the `pod_template_hash` label: which canary this is. */
  readonly hash: string;
  /** Requests per second (0: requests stopped, the counters stand still). */
  readonly requestsPerSecond: number;
  /** The share of requests that fail with a 500. */
  readonly errorRatio: number;
  /** Per bucket of {@link LATENCY_BUCKETS} (and one for +Inf), the share of requests that land in it. */
  readonly latencyShares: readonly number[];
  /** The CPU utilisation gauge's value. */
  readonly cpu: number;
}

function labels(l: Readonly<Record<string, string>>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;
}

/**
 * The OpenMetrics text of the canaries' series, for `promtool tsdb create-blocks-from
 * openmetrics`: `http_requests_total` (codes 200 and 500), the `http_request_duration_seconds`
 * histogram and `container_cpu_utilization_ratio`, for the service `checkout`, one sample every
 * {@link SAMPLE_STEP_SECONDS} up to `now`.
 *
 * @param canaries - the canaries
 * @param now - the time of the last sample, in seconds
 * @returns the text
 */
export function openMetricsOf(canaries: readonly CanaryTraffic[], now: number): string {
  const start = now - HISTORY_SECONDS;
  const times: number[] = [];
  for (let t = start; t <= now; t += SAMPLE_STEP_SECONDS) times.push(t);
  const out: string[] = ["# TYPE http_requests counter"];
  for (const c of canaries)
    for (const [code, share] of [
      ["200", 1 - c.errorRatio],
      ["500", c.errorRatio],
    ] as const) {
      const l = labels({ service: "checkout", code, pod_template_hash: c.hash });
      for (const t of times)
        out.push(`http_requests_total${l} ${(t - start) * c.requestsPerSecond * share} ${t}`);
    }
  out.push("# TYPE http_request_duration_seconds histogram");
  for (const c of canaries) {
    let cumulative = 0;
    const bounds = [...LATENCY_BUCKETS.map(String), "+Inf"];
    bounds.forEach((le, i) => {
      cumulative += c.latencyShares[i] ?? 0;
      const l = labels({ service: "checkout", pod_template_hash: c.hash, le });
      for (const t of times)
        out.push(
          `http_request_duration_seconds_bucket${l} ${(t - start) * c.requestsPerSecond * cumulative} ${t}`,
        );
    });
    const l = labels({ service: "checkout", pod_template_hash: c.hash });
    for (const t of times)
      out.push(`http_request_duration_seconds_count${l} ${(t - start) * c.requestsPerSecond} ${t}`);
  }
  out.push("# TYPE container_cpu_utilization_ratio gauge");
  for (const c of canaries) {
    const l = labels({ service: "checkout", pod_template_hash: c.hash });
    for (const t of times) out.push(`container_cpu_utilization_ratio${l} ${c.cpu} ${t}`);
  }
  out.push("# EOF", "");
  return out.join("\n");
}

/**
 * The quantile Prometheus's `histogram_quantile` gives for bucket shares: the rank's bucket,
 * interpolated linearly inside it (the first bucket from 0).
 *
 * @param q - the quantile
 * @param shares - the share of requests per bucket of {@link LATENCY_BUCKETS}, then +Inf
 * @returns the quantile in seconds
 */
export function histogramQuantile(q: number, shares: readonly number[]): number {
  let below = 0;
  for (const [i, upper] of LATENCY_BUCKETS.entries()) {
    const share = shares[i] ?? 0;
    if (below + share >= q) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS[i - 1]!;
      return lower + ((upper - lower) * (q - below)) / share;
    }
    below += share;
  }
  return LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1]!;
}
