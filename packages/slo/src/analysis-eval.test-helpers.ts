import { requireTool, runCommand } from "@tollgate/toolchain";
import type { MeasurementPhase } from "./conditions.js";
import type { PrometheusMetric } from "./analysis-template.js";

/** One measurement, as Argo Rollouts' Prometheus provider took it. */
export interface Measurement {
  readonly metric: string;
  readonly phase: MeasurementPhase;
  /** The query's values as the provider prints them: `[0.5]`, `[]`, `[NaN]`. */
  readonly value: string;
  readonly message?: string;
}

/** An analysis to measure once: its metrics and the args an AnalysisRun would pass. */
export interface AnalysisInput {
  readonly metrics: readonly PrometheusMetric[];
  readonly args?: readonly { readonly name: string; readonly value: string }[];
}

/**
 * Measures each analysis once with Argo Rollouts' own code (its metric validation, argument
 * resolution, Prometheus provider and expr-lang condition evaluation), through the pinned
 * `analysis-eval` helper.
 *
 * @param runs - the analyses
 * @returns per analysis, its measurements, or the error Argo Rollouts gave for it
 */
export async function measureWithArgoRollouts(
  runs: readonly AnalysisInput[],
): Promise<({ measurements: Measurement[] } | { error: string })[]> {
  const result = await runCommand(await requireTool("analysis-eval"), [], {
    input: JSON.stringify({ runs: runs.map((r) => ({ metrics: r.metrics, args: r.args ?? [] })) }),
    timeoutMs: 300_000,
  });
  if (result.code !== 0) throw new Error(`analysis-eval failed: ${result.stdout}${result.stderr}`);
  return (JSON.parse(result.stdout) as { runs: ({ measurements: Measurement[] } | { error: string })[] })
    .runs;
}
