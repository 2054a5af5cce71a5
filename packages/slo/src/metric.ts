/** The Prometheus metric types an SLO reads. */
export type MetricType = "counter" | "histogram" | "gauge";

/**
 * A Prometheus metric as the service exposes it: its name, its type and the names of its labels.
 * The label names type every selector on the metric, so a misspelt label is a TypeScript error.
 */
export interface MetricDefinition<T extends MetricType, L extends string> {
  /** The metric's name; for a histogram, its base name (`http_request_duration_seconds`). */
  readonly name: string;
  readonly type: T;
  /** The labels the metric carries. */
  readonly labels: readonly L[];
}

/**
 * How a label is matched: a value (`=`), `{ regex }` (`=~`), `{ not }` (`!=`), or the canary's
 * pod-template hash, which the Rollout passes to the analysis ({@link CANARY_POD_TEMPLATE_HASH}).
 */
export type LabelMatcher = string | { readonly regex: string } | { readonly not: string } | CanaryHash;

/** The value of a label that Argo Rollouts fills with the canary ReplicaSet's pod-template hash. */
export interface CanaryHash {
  readonly canaryPodTemplateHash: true;
}

/**
 * Matches a label against the pod-template hash of the canary's ReplicaSet, so that an SLO
 * measures the canary alone (the metric must carry the pod label `rollouts-pod-template-hash`,
 * relabelled to a Prometheus label).
 */
export const CANARY_POD_TEMPLATE_HASH: CanaryHash = { canaryPodTemplateHash: true };

/** Label matchers on a metric, keyed by its own label names. */
export type Selector<L extends string> = { readonly [K in L]?: LabelMatcher };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function define<T extends MetricType, const L extends string>(
  type: T,
  name: string,
  labels: readonly L[],
): MetricDefinition<T, L> {
  if (!METRIC_NAME.test(name)) throw new Error(`metric "${name}": not a Prometheus metric name`);
  for (const label of labels)
    if (!LABEL_NAME.test(label) || label.startsWith("__"))
      throw new Error(`metric ${name}: "${label}" is not a Prometheus label name`);
  return { name, type, labels };
}

/**
 * A counter (`http_requests_total`).
 *
 * @param name - the metric name
 * @param labels - its label names
 * @returns the metric
 */
export function counter<const L extends string>(
  name: string,
  labels: readonly L[],
): MetricDefinition<"counter", L> {
  return define("counter", name, labels);
}

/**
 * A histogram, by its base name (`http_request_duration_seconds`, read through its `_bucket`
 * series). The bucket label `le` is added by Prometheus and is not listed.
 *
 * @param name - the histogram's base name
 * @param labels - its label names
 * @returns the metric
 */
export function histogram<const L extends string>(
  name: string,
  labels: readonly L[],
): MetricDefinition<"histogram", L> {
  return define("histogram", name, labels);
}

/**
 * A gauge (`container_cpu_utilization_ratio`).
 *
 * @param name - the metric name
 * @param labels - its label names
 * @returns the metric
 */
export function gauge<const L extends string>(
  name: string,
  labels: readonly L[],
): MetricDefinition<"gauge", L> {
  return define("gauge", name, labels);
}
