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
   * Writes results already rendered by {@link ReportWriter.render} (in a worker thread, say).
   *
   * @param rendered - the rendered results of one document
   */
  rendered(rendered: RenderedResults): void;
  /**
   * Writes the end of the report.
   *
   * @param errors - every error of the run
   */
  end(errors: readonly EvalError[]): void;
}

/**
 * Results of one document as report text: the array elements, joined, and how many. A worker
 * thread sends the text as UTF-8 bytes, whose buffer is transferred rather than copied.
 */
export interface RenderedResults {
  readonly text: string | Uint8Array;
  readonly items: number;
  /** For the table's summary line: verdicts and resources among the items. */
  readonly tally?: ResultTally;
}

/** Verdicts counted among rendered results, and the resources they belong to. */
export interface ResultTally {
  readonly fail: number;
  readonly pass: number;
  readonly skip: number;
  readonly error: number;
  readonly resources: number;
}

/** Which streamed format to render results in, where the results are evaluated (any thread). */
export type RenderSpec =
  | {
      readonly format: "json" | "sarif";
      /** The indentation of the report's result elements. */
      readonly indent: string;
    }
  | {
      readonly format: "table";
      /** Also list passing and skipped rules. */
      readonly verbose: boolean;
      /** Use ANSI colours. */
      readonly color: boolean;
    };
