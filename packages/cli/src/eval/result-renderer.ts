import type { RuleIR } from "@tollgate/rule-dsl";
import type { DocumentOutcome } from "./document-evaluator.js";
import type { EvalResult } from "./eval-result.js";
import { jsonResultRenderer } from "./format-json.js";
import { sarifResultRenderer } from "./format-sarif.js";
import { tableResultRenderer } from "./format-table.js";
import type { RenderedResults, RenderSpec } from "./report-writer.js";

/**
 * The renderer a spec names, for the thread that evaluates: the report text is then made where
 * the results are, in parallel, and only text crosses to the thread that writes.
 *
 * @param spec - format and indentation
 * @param rules - the rules evaluated, in report order
 * @returns the renderer
 */
export function createResultRenderer(
  spec: RenderSpec,
  rules: readonly RuleIR[],
): (results: readonly EvalResult[]) => RenderedResults {
  if (spec.format === "table")
    return tableResultRenderer(rules, { verbose: spec.verbose, color: spec.color });
  return spec.format === "json" ? jsonResultRenderer(spec.indent) : sarifResultRenderer(rules, spec.indent);
}

/**
 * An outcome with its results rendered: `rendered` holds the text, `results` is empty, and
 * `failed` / `errored` say whether a result failed or was an error (for the exit code).
 *
 * @param outcome - the outcome
 * @param render - the renderer
 * @returns the rendered outcome
 */
export function renderOutcome(
  outcome: DocumentOutcome,
  render: (results: readonly EvalResult[]) => RenderedResults,
): DocumentOutcome {
  return {
    ...(outcome.resource ? { resource: outcome.resource } : {}),
    results: [],
    errors: outcome.errors,
    rendered: render(outcome.results),
    failed: outcome.results.some((r) => r.verdict === "fail"),
    errored: outcome.results.some((r) => r.verdict === "error"),
  };
}
