import { durationSeconds, type Duration } from "./duration.js";
import type { MetricDefinition, MetricType, Selector } from "./metric.js";
import { promqlSelector, usesCanaryHash } from "./promql.js";

/** What every objective has: a name, what it protects, and the window its query looks back over. */
export interface ObjectiveBase {
  /** The metric's name in the AnalysisTemplate and the doc page's name: lower case, digits and `-`. */
  readonly name: string;
  /** What the objective protects, in plain words, for its doc page. */
  readonly description: string;
  /** How far back each measurement looks (the range of `rate` or `*_over_time`). */
  readonly window: Duration;
}

/**
 * Availability: the share of a service's requests that fail, as a burn rate of its error budget.
 * With an objective of 0.999 the budget is 0.1% of requests; a burn rate of 1 spends it exactly
 * over the SLO period, 2 twice as fast.
 */
export interface AvailabilityObjective<L extends string> extends ObjectiveBase {
  /** The requests counter. */
  readonly requests: MetricDefinition<"counter", L>;
  /** The service's requests (and, with {@link CANARY_POD_TEMPLATE_HASH}, the canary's alone). */
  readonly selector: Selector<L>;
  /** Which of those requests are errors, such as `{ code: { regex: "5.." } }`. */
  readonly errors: Selector<L>;
  /** The share of requests that must succeed, between 0 and 1 (exclusive): 0.999. */
  readonly objective: number;
  /**
   * Burn-rate thresholds: a measurement passes at or below `pass` and fails above `fail`
   * (`pass` defaults to `fail`; between the two it is inconclusive).
   */
  readonly burnRate: { readonly fail: number; readonly pass?: number };
}

/** Latency: a quantile of a request-duration histogram, which must stay under a threshold. */
export interface LatencyObjective<L extends string> extends ObjectiveBase {
  /** The request-duration histogram, in seconds. */
  readonly histogram: MetricDefinition<"histogram", L>;
  readonly selector: Selector<L>;
  /** The quantile, between 0 and 1 (exclusive): 0.99 for p99. */
  readonly quantile: number;
  /** The quantile must be at or under this to pass: `300ms`. */
  readonly threshold: Duration;
  /** A measurement fails above this (defaults to `threshold`; between the two it is inconclusive). */
  readonly failAbove?: Duration;
}

/** Saturation: a utilisation gauge (a ratio, 0 to 1) that must stay under a ceiling. */
export interface SaturationObjective<L extends string> extends ObjectiveBase {
  /** The utilisation gauge, as a ratio of capacity. */
  readonly gauge: MetricDefinition<"gauge", L>;
  readonly selector: Selector<L>;
  /** `max`: the busiest series at its peak in the window; `avg`: the mean of the series' means. */
  readonly aggregation: "max" | "avg";
  /** The ratio must be at or under this to pass, between 0 and 1: 0.8. */
  readonly ceiling: number;
  /** A measurement fails above this (defaults to `ceiling`; between the two it is inconclusive). */
  readonly failAbove?: number;
}

/** The kinds of objective. */
export type ObjectiveKind = "availability" | "latency" | "saturation";

/**
 * An objective compiled to what an analysis runs: one PromQL query whose single value passes at
 * or below `pass` and fails above `fail`; no value, or NaN (no traffic), is inconclusive.
 */
export interface Slo {
  readonly kind: ObjectiveKind;
  readonly name: string;
  readonly description: string;
  readonly window: Duration;
  /** The query, with `{{args.canary-hash}}` where the canary's hash is matched. */
  readonly query: string;
  readonly pass: number;
  readonly fail: number;
  /** What the query's value is, for messages and doc pages. */
  readonly unit: "burn rate" | "seconds" | "ratio";
  /** The objective in words: `99.9% of requests succeed`. */
  readonly objective: string;
  /** The metric read. */
  readonly metric: string;
  /** Whether the query matches the canary's pod-template hash (the template then takes the arg). */
  readonly canaryOnly: boolean;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkBase(o: ObjectiveBase): void {
  if (!NAME.test(o.name) || o.name.length > 63)
    throw new Error(
      `objective "${o.name}": the name must be lower case letters, digits and "-" (63 at most)`,
    );
  if (o.description.trim() === "") throw new Error(`objective ${o.name}: description: say what it protects`);
  durationSeconds(o.window, `objective ${o.name}: window`);
}

/** A label the metric does not carry is an error (TypeScript catches it first, JavaScript callers here). */
function checkLabels(
  o: ObjectiveBase,
  metric: MetricDefinition<MetricType, string>,
  selectors: object[],
): void {
  for (const selector of selectors)
    for (const label of Object.keys(selector))
      if (!metric.labels.includes(label))
        throw new Error(
          `objective ${o.name}: ${metric.name} has no label "${label}" (its labels: ${metric.labels.join(", ")})`,
        );
}

function checkRatio(value: number, field: string, inclusive: boolean): void {
  const ok = Number.isFinite(value) && (inclusive ? value >= 0 && value <= 1 : value > 0 && value < 1);
  if (!ok)
    throw new Error(`${field}: ${value} is not a ratio ${inclusive ? "from 0 to 1" : "between 0 and 1"}`);
}

function thresholds(name: string, pass: number, fail: number, unit: string): void {
  if (!Number.isFinite(pass) || !Number.isFinite(fail) || pass < 0)
    throw new Error(`objective ${name}: thresholds must be finite numbers of at least 0`);
  if (pass > fail)
    throw new Error(
      `objective ${name}: the pass threshold (${pass} ${unit}) is above the fail threshold (${fail} ${unit})`,
    );
}

/**
 * An availability objective (see {@link AvailabilityObjective}). Its query is the error ratio
 * over the window divided by the error budget (1 − objective): the burn rate.
 *
 * @param o - the objective
 * @returns the compiled objective
 * @throws when a field is out of range (the error names it)
 */
export function availability<const L extends string>(o: AvailabilityObjective<L>): Slo {
  checkBase(o);
  checkLabels(o, o.requests, [o.selector, o.errors]);
  checkRatio(o.objective, `objective ${o.name}: objective`, false);
  const pass = o.burnRate.pass ?? o.burnRate.fail;
  thresholds(o.name, pass, o.burnRate.fail, "burn rate");
  const all = promqlSelector(o.requests.name, o.selector);
  const errors = promqlSelector(o.requests.name, { ...o.selector, ...o.errors });
  return {
    kind: "availability",
    name: o.name,
    description: o.description,
    window: o.window,
    // No error series at all is no error: `or vector(0)`. No request series gives no value
    // (inconclusive); requests that stopped give 0/0, NaN (inconclusive too).
    query: `(sum(rate(${errors}[${o.window}])) or vector(0)) / sum(rate(${all}[${o.window}])) / (1 - ${o.objective})`,
    pass,
    fail: o.burnRate.fail,
    unit: "burn rate",
    objective: `${percent(o.objective)} of requests succeed`,
    metric: o.requests.name,
    canaryOnly: usesCanaryHash(o.selector) || usesCanaryHash(o.errors),
  };
}

/**
 * A latency objective (see {@link LatencyObjective}): `histogram_quantile` over the histogram's
 * buckets, in seconds.
 *
 * @param o - the objective
 * @returns the compiled objective
 * @throws when a field is out of range (the error names it)
 */
export function latency<const L extends string>(o: LatencyObjective<L>): Slo {
  checkBase(o);
  checkLabels(o, o.histogram, [o.selector]);
  checkRatio(o.quantile, `objective ${o.name}: quantile`, false);
  const pass = durationSeconds(o.threshold, `objective ${o.name}: threshold`);
  const fail =
    o.failAbove === undefined ? pass : durationSeconds(o.failAbove, `objective ${o.name}: failAbove`);
  thresholds(o.name, pass, fail, "s");
  const buckets = promqlSelector(`${o.histogram.name}_bucket`, o.selector);
  return {
    kind: "latency",
    name: o.name,
    description: o.description,
    window: o.window,
    query: `histogram_quantile(${o.quantile}, sum by (le) (rate(${buckets}[${o.window}])))`,
    pass,
    fail,
    unit: "seconds",
    objective: `${percent(o.quantile)} of requests complete within ${o.threshold}`,
    metric: o.histogram.name,
    canaryOnly: usesCanaryHash(o.selector),
  };
}

/**
 * A saturation objective (see {@link SaturationObjective}).
 *
 * @param o - the objective
 * @returns the compiled objective
 * @throws when a field is out of range (the error names it)
 */
export function saturation<const L extends string>(o: SaturationObjective<L>): Slo {
  checkBase(o);
  checkLabels(o, o.gauge, [o.selector]);
  checkRatio(o.ceiling, `objective ${o.name}: ceiling`, true);
  const fail = o.failAbove ?? o.ceiling;
  checkRatio(fail, `objective ${o.name}: failAbove`, true);
  thresholds(o.name, o.ceiling, fail, "ratio");
  const series = promqlSelector(o.gauge.name, o.selector);
  return {
    kind: "saturation",
    name: o.name,
    description: o.description,
    window: o.window,
    query: `${o.aggregation}(${o.aggregation}_over_time(${series}[${o.window}]))`,
    pass: o.ceiling,
    fail,
    unit: "ratio",
    objective: `${o.aggregation === "max" ? "peak" : "mean"} utilisation stays at or under ${percent(o.ceiling)}`,
    metric: o.gauge.name,
    canaryOnly: usesCanaryHash(o.selector),
  };
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(10))}%`;
}
