import type { EvalError, EvalResult } from "./eval-result.js";

/**
 * Writes a report as the results stream in (`-o json`, `-o sarif`): memory holds the errors of
 * the run and what the format needs at its start, not the results.
 */
export interface ReportWriter {
  /** Writes the start of the report. */
  start(): void;
  /**
   * Writes results, in order.
   *
   * @param results - results of one document
   */
  results(results: readonly EvalResult[]): void;
  /**
   * Writes the end of the report.
   *
   * @param errors - every error of the run
   */
  end(errors: readonly EvalError[]): void;
}
