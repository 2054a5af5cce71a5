import { failureCondition, successCondition } from "./conditions.js";
import { CANARY_HASH_ARG } from "./promql.js";
import { analysisTemplateName, type ServiceSlos } from "./service-slos.js";

/** An Argo Rollouts analysis metric with the Prometheus provider, as the generated templates write it. */
export interface PrometheusMetric {
  readonly name: string;
  readonly interval: string;
  readonly count: number;
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
  readonly initialDelay?: string;
  readonly successCondition: string;
  readonly failureCondition: string;
  readonly provider: {
    readonly prometheus: { readonly address?: string; readonly query: string; readonly timeout?: number };
  };
}

/** An `AnalysisTemplate` (argoproj.io/v1alpha1). */
export interface AnalysisTemplate {
  readonly apiVersion: "argoproj.io/v1alpha1";
  readonly kind: "AnalysisTemplate";
  readonly metadata: {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly args?: readonly { readonly name: string }[];
    readonly metrics: readonly PrometheusMetric[];
  };
}

/** The label every generated Argo Rollouts object carries: which service's SLOs it holds. */
export const SERVICE_LABEL = "slo.tollgate.dev/service";

/**
 * The service's AnalysisTemplate: one Prometheus metric per objective, each measured `count`
 * times every `interval`; any failed measurement past `failureLimit` fails the analysis, which
 * aborts the Rollout and sends traffic back to the stable version.
 *
 * @param s - the service's SLOs
 * @returns the AnalysisTemplate
 */
export function analysisTemplateOf(s: ServiceSlos): AnalysisTemplate {
  const a = s.analysis;
  const canaryOnly = s.slos.some((slo) => slo.canaryOnly);
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: {
      name: analysisTemplateName(s.service),
      labels: { "app.kubernetes.io/managed-by": "tollgate", [SERVICE_LABEL]: s.service },
      annotations: {
        "slo.tollgate.dev/objectives": s.slos.map((slo) => `${slo.name}: ${slo.objective}`).join("; "),
      },
    },
    spec: {
      ...(canaryOnly ? { args: [{ name: CANARY_HASH_ARG }] } : {}),
      metrics: s.slos.map((slo) => ({
        name: slo.name,
        interval: a.interval,
        count: a.count,
        failureLimit: a.failureLimit,
        inconclusiveLimit: a.inconclusiveLimit,
        consecutiveErrorLimit: a.consecutiveErrorLimit,
        ...(a.initialDelay === undefined ? {} : { initialDelay: a.initialDelay }),
        successCondition: successCondition(slo),
        failureCondition: failureCondition(slo),
        provider: {
          prometheus: {
            ...(s.prometheusAddress === undefined ? {} : { address: s.prometheusAddress }),
            query: slo.query,
            ...(s.timeoutSeconds === undefined ? {} : { timeout: s.timeoutSeconds }),
          },
        },
      })),
    },
  };
}
