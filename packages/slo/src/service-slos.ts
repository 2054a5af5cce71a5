import { durationSeconds, type Duration } from "./duration.js";
import type { Slo } from "./objectives.js";

/** How each measurement of an analysis is taken and how many misses it tolerates. */
export interface AnalysisSettings {
  /** Time between measurements (default `1m`). */
  readonly interval?: Duration;
  /** Measurements per analysis (default 5). */
  readonly count?: number;
  /** Failed measurements tolerated before the analysis fails (default 0: any failure rolls back). */
  readonly failureLimit?: number;
  /** Inconclusive measurements tolerated before the analysis is inconclusive and the Rollout pauses (default 1). */
  readonly inconclusiveLimit?: number;
  /** Query errors in a row tolerated before the analysis errs, which aborts the Rollout (default 2). */
  readonly consecutiveErrorLimit?: number;
  /** Wait before the first measurement, so the canary has traffic (default none). */
  readonly initialDelay?: Duration;
}

/** The canary the analysis guards: the weights it goes through, each followed by the analysis. */
export interface CanarySettings {
  /** The Rollout's name (default: the service's name). */
  readonly rollout?: string;
  /** Traffic weights, in percent, rising; the analysis runs after each (default 10, 50). */
  readonly weights?: readonly number[];
}

/** A service's SLOs, as its team defines them (the default export of `slos/<service>/slo.ts`). */
export interface ServiceSlosDefinition {
  /** The service's name: the AnalysisTemplate is `<service>-slos`. Lower case, digits and `-`. */
  readonly service: string;
  /** Where Prometheus answers; without it, the controller's `ARGO_ROLLOUTS_PROMETHEUS_ADDRESS`. */
  readonly prometheus?: { readonly address?: string; readonly timeoutSeconds?: number };
  readonly analysis?: AnalysisSettings;
  readonly canary?: CanarySettings;
  /** The objectives, made with `availability`, `latency` and `saturation`. */
  readonly slos: readonly Slo[];
}

/** A service's SLOs with every default filled in. */
export interface ServiceSlos {
  readonly service: string;
  readonly prometheusAddress: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly analysis: Required<Omit<AnalysisSettings, "initialDelay">> & { readonly initialDelay?: Duration };
  readonly rollout: string;
  readonly weights: readonly number[];
  readonly slos: readonly Slo[];
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function wholeNumber(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${field}: ${value} is not a whole number of at least ${min}`);
  return value;
}

/**
 * Defines a service's SLOs: checks every field and fills in the defaults. The result is what
 * `tollgate build` compiles to an AnalysisTemplate, the canary steps that run it, and a doc page
 * per objective.
 *
 * @param d - the definition
 * @returns the service's SLOs
 * @throws when a field is wrong (the error names the service and the field)
 */
export function defineServiceSlos(d: ServiceSlosDefinition): ServiceSlos {
  const where = `SLOs of ${d.service}`;
  if (!NAME.test(d.service) || d.service.length > 57)
    throw new Error(
      `${where}: service: lower case letters, digits and "-", 57 at most (the template adds "-slos")`,
    );
  if (d.slos.length === 0) throw new Error(`${where}: slos: define at least one objective`);
  const names = new Set<string>();
  for (const slo of d.slos) {
    if (names.has(slo.name)) throw new Error(`${where}: two objectives are named ${slo.name}`);
    names.add(slo.name);
  }
  const address = d.prometheus?.address;
  if (address !== undefined && !/^https?:\/\/[^\s/]+/.test(address))
    throw new Error(`${where}: prometheus.address: "${address}" is not an http(s) URL`);
  const a = d.analysis ?? {};
  const interval = a.interval ?? "1m";
  durationSeconds(interval, `${where}: analysis.interval`);
  if (a.initialDelay !== undefined) durationSeconds(a.initialDelay, `${where}: analysis.initialDelay`);
  const weights = d.canary?.weights ?? [10, 50];
  weights.forEach((w, i) => {
    if (!Number.isInteger(w) || w <= 0 || w >= 100 || (i > 0 && w <= weights[i - 1]!))
      throw new Error(
        `${where}: canary.weights: ${w} at ${i}: weights are whole percentages, rising, between 1 and 99`,
      );
  });
  if (weights.length === 0) throw new Error(`${where}: canary.weights: give at least one weight`);
  const rollout = d.canary?.rollout ?? d.service;
  if (!NAME.test(rollout)) throw new Error(`${where}: canary.rollout: "${rollout}" is not a Rollout name`);
  return {
    service: d.service,
    prometheusAddress: address,
    timeoutSeconds:
      d.prometheus?.timeoutSeconds === undefined
        ? undefined
        : wholeNumber(d.prometheus.timeoutSeconds, `${where}: prometheus.timeoutSeconds`, 1),
    analysis: {
      interval,
      count: wholeNumber(a.count ?? 5, `${where}: analysis.count`, 1),
      failureLimit: wholeNumber(a.failureLimit ?? 0, `${where}: analysis.failureLimit`, 0),
      inconclusiveLimit: wholeNumber(a.inconclusiveLimit ?? 1, `${where}: analysis.inconclusiveLimit`, 0),
      consecutiveErrorLimit: wholeNumber(
        a.consecutiveErrorLimit ?? 2,
        `${where}: analysis.consecutiveErrorLimit`,
        0,
      ),
      ...(a.initialDelay === undefined ? {} : { initialDelay: a.initialDelay }),
    },
    rollout,
    weights,
    slos: d.slos,
  };
}

/**
 * The name of a service's AnalysisTemplate.
 *
 * @param service - the service's name
 * @returns `<service>-slos`
 */
export function analysisTemplateName(service: string): string {
  return `${service}-slos`;
}
