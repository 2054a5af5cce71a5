import {
  availability,
  CANARY_POD_TEMPLATE_HASH,
  counter,
  defineServiceSlos,
  gauge,
  histogram,
  latency,
  saturation,
} from "@tollgate/slo";

// The checkout service's metrics, as its pods expose them; the pod label
// rollouts-pod-template-hash is relabelled to pod_template_hash when Prometheus scrapes.
const requests = counter("http_requests_total", ["service", "code", "pod_template_hash"]);
const duration = histogram("http_request_duration_seconds", ["service", "pod_template_hash"]);
const cpu = gauge("container_cpu_utilization_ratio", ["service", "pod_template_hash"]);

/** The checkout service: what its canary must hold before it takes more traffic. */
export default defineServiceSlos({
  service: "checkout",
  prometheus: { address: "http://prometheus.monitoring.svc:9090", timeoutSeconds: 30 },
  analysis: { interval: "1m", count: 5, failureLimit: 0, inconclusiveLimit: 1, consecutiveErrorLimit: 2 },
  canary: { weights: [10, 25, 50] },
  slos: [
    availability({
      name: "availability",
      description: "Customers can pay: at most one checkout request in a thousand fails with a server error.",
      requests,
      selector: { service: "checkout", pod_template_hash: CANARY_POD_TEMPLATE_HASH },
      errors: { code: { regex: "5.." } },
      window: "5m",
      objective: 0.999,
      burnRate: { pass: 1, fail: 2 },
    }),
    latency({
      name: "latency-p99",
      description: "Checkout stays quick: 99% of requests complete within 300 ms.",
      histogram: duration,
      selector: { service: "checkout", pod_template_hash: CANARY_POD_TEMPLATE_HASH },
      window: "5m",
      quantile: 0.99,
      threshold: "300ms",
      failAbove: "500ms",
    }),
    saturation({
      name: "cpu-saturation",
      description: "The canary has headroom: no pod runs its CPU above 80% of its limit.",
      gauge: cpu,
      selector: { service: "checkout", pod_template_hash: CANARY_POD_TEMPLATE_HASH },
      aggregation: "max",
      window: "5m",
      ceiling: 0.8,
      failAbove: 0.9,
    }),
  ],
});
