import type { RuleParams } from "@tollgate/engines";
import { manifestSources, type LoadOptions } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { DocumentOutcome, EngineName } from "./document-evaluator.js";
import { evaluateStream, type WorkerCount } from "./evaluation-stream.js";
import type { RenderSpec } from "./report-writer.js";
import type { Shard } from "./shard.js";

/** What to evaluate with. */
export interface EvaluateOptions {
  readonly rules: readonly RuleIR[];
  readonly engines: readonly EngineName[];
  readonly params?: RuleParams;
  readonly load?: LoadOptions;
  /** Called after each object, for progress displays. */
  readonly onObject?: (count: number) => void;
  /** Worker threads (default 0: evaluate in the calling thread; `auto`: every core once the input is large). */
  readonly workers?: WorkerCount;
  /** Only this part of the input (see `--shard`); default all of it. */
  readonly shard?: Shard;
  /** The folder shard keys are relative to (default the working folder). */
  readonly root?: string;
  /** For {@link streamManifests}: render the results as report text where they are evaluated. */
  readonly render?: RenderSpec;
}

/**
 * Reads every manifest under the paths and evaluates every rule on every object in every
 * requested engine, as a stream: one outcome per document (or unusable input), in input order
 * whatever the number of workers, nothing kept once yielded. Bad input becomes an error entry
 * naming file and document; the other documents are still evaluated. With several engines, a
 * disagreement is reported as an error. The documents stream through {@link evaluateStream}
 * (worker threads when asked).
 *
 * @param paths - files, folders or `-`
 * @param options - rules, engines, parameters, workers, shard
 * @returns the outcomes
 */
export async function* streamManifests(
  paths: readonly string[],
  options: EvaluateOptions,
): AsyncGenerator<DocumentOutcome> {
  let count = 0;
  const stream = evaluateStream(manifestSources(paths, options.load), {
    rules: options.rules,
    engines: options.engines,
    ...(options.params ? { params: options.params } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.root !== undefined ? { root: options.root } : {}),
    ...(options.load ? { load: options.load } : {}),
    ...(options.render ? { render: options.render } : {}),
  });
  for await (const outcome of stream) {
    yield outcome;
    if (outcome.resource) {
      count += 1;
      options.onObject?.(count);
    }
  }
}
