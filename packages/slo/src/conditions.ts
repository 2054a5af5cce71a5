import type { Slo } from "./objectives.js";

/** A number as an expr literal: plain decimal notation, never an exponent. */
function literal(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, "") : text;
}

/** The guard shared by both conditions: a value came back and it is a number (not NaN from 0/0). */
const HAS_VALUE = "len(result) > 0 && !isNaN(result[0])";

/**
 * The objective's `successCondition` (evaluated by Argo Rollouts with expr-lang/expr; `result` is
 * the query's values): a value at or under the pass threshold.
 *
 * @param slo - the objective
 * @returns the condition
 */
export function successCondition(slo: Slo): string {
  return `${HAS_VALUE} && result[0] <= ${literal(slo.pass)}`;
}

/**
 * The objective's `failureCondition`: a value above the fail threshold. With neither condition
 * true (no value, NaN, or a value between the thresholds) the measurement is inconclusive.
 *
 * @param slo - the objective
 * @returns the condition
 */
export function failureCondition(slo: Slo): string {
  return `${HAS_VALUE} && result[0] > ${literal(slo.fail)}`;
}

/** The phase Argo Rollouts gives one measurement. */
export type MeasurementPhase = "Successful" | "Failed" | "Inconclusive" | "Error";

/**
 * What the conditions decide for a query's values, as Argo Rollouts decides it (the reference
 * the real-Prometheus tests compare Argo Rollouts' own evaluation with).
 *
 * @param slo - the objective
 * @param values - the query's values
 * @returns the measurement's phase
 */
export function expectedPhase(slo: Slo, values: readonly number[]): MeasurementPhase {
  const v = values[0];
  if (v === undefined || Number.isNaN(v)) return "Inconclusive";
  if (v > slo.fail) return "Failed";
  return v <= slo.pass ? "Successful" : "Inconclusive";
}
