/**
 * Service level objectives as typed definitions: availability (an error ratio as a burn rate),
 * latency (a histogram quantile) and saturation (a utilisation gauge), over metrics whose label
 * names type every selector. `tollgate build` compiles a service's objectives to an Argo Rollouts
 * AnalysisTemplate (Prometheus provider, one metric per objective), the canary steps that run it
 * and a doc page per objective.
 *
 * @packageDocumentation
 */
export { durationSeconds, type Duration, type DurationUnit } from "./duration.js";
export {
  CANARY_POD_TEMPLATE_HASH,
  counter,
  gauge,
  histogram,
  type CanaryHash,
  type LabelMatcher,
  type MetricDefinition,
  type MetricType,
  type Selector,
} from "./metric.js";
export {
  availability,
  latency,
  saturation,
  type AvailabilityObjective,
  type LatencyObjective,
  type ObjectiveBase,
  type ObjectiveKind,
  type SaturationObjective,
  type Slo,
} from "./objectives.js";
export { CANARY_HASH_ARG, promqlSelector } from "./promql.js";
export {
  analysisTemplateName,
  defineServiceSlos,
  type AnalysisSettings,
  type CanarySettings,
  type ServiceSlos,
  type ServiceSlosDefinition,
} from "./service-slos.js";
export { expectedPhase, failureCondition, successCondition, type MeasurementPhase } from "./conditions.js";
export {
  analysisTemplateOf,
  SERVICE_LABEL,
  type AnalysisTemplate,
  type PrometheusMetric,
} from "./analysis-template.js";
export { canaryComponentOf, canaryStepsOf, type CanaryStep } from "./canary-steps.js";
export { sloIndexPage, sloPage } from "./slo-pages.js";
export { ANALYSIS_TEMPLATE_FILE, SLO_DOCS_DIR, SLO_GENERATED_DIR, sloFiles } from "./slo-files.js";
