import type { RuleParams } from "@tollgate/engines";
import { loadManifests, type LoadOptions, type ManifestItem } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { EngineName } from "./document-evaluator.js";
import type { EvalReport } from "./eval-result.js";
import { evaluateStream, type WorkerCount } from "./evaluation-stream.js";
import { inShard, stableFileId, type Shard } from "./shard.js";

export { createEngines, ENGINE_NAMES, resourceOf, type EngineName } from "./document-evaluator.js";

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
}

/**
 * A selection function for a shard: keys each item by its file (relative to `root`) and
 * document index; an error about a whole file is keyed with document -1.
 *
 * @param shard - the shard, or undefined for everything
 * @param root - the folder file ids are relative to
 * @param fileIdOf - how a file is named in keys (default {@link stableFileId} against `root`)
 * @returns the selection predicate, or undefined when nothing is filtered
 */
export function shardSelector(shard: Shard | undefined, root: string, fileIdOf: (file: string) => string = (f) => stableFileId(f, root)): ((item: ManifestItem) => boolean) | undefined {
  if (!shard) return undefined;
  return (item) => inShard(shard, fileIdOf(item.file), item.index ?? -1);
}

/**
 * Reads every manifest under the paths and evaluates every rule on every object in every
 * requested engine. Bad input becomes an error entry naming file and document; the other
 * documents are still evaluated. With several engines, a disagreement is reported as an error.
 * The documents stream through {@link evaluateStream} (worker threads when asked); results
 * come back in input order whatever the number of workers.
 *
 * @param paths - files, folders or `-`
 * @param options - rules, engines, parameters, workers, shard
 * @returns results and errors
 */
export async function evaluateManifests(paths: readonly string[], options: EvaluateOptions): Promise<EvalReport> {
  const report: EvalReport = { results: [], errors: [] };
  let count = 0;
  const select = shardSelector(options.shard, options.root ?? process.cwd());
  const stream = evaluateStream(loadManifests(paths, options.load), {
    rules: options.rules,
    engines: options.engines,
    ...(options.params ? { params: options.params } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(select ? { select } : {}),
  });
  for await (const outcome of stream) {
    for (const r of outcome.results) report.results.push(r);
    report.errors.push(...outcome.errors);
    if (outcome.resource) {
      count += 1;
      options.onObject?.(count);
    }
  }
  return report;
}
