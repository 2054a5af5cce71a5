import type { RuleParams } from "@tollgate/engines";
import {
  manifestSources,
  type LoadOptions,
  type ManifestFile,
  type ManifestItem,
} from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { EngineName } from "../eval/document-evaluator.js";
import { evaluateStream, type WorkerCount } from "../eval/evaluation-stream.js";
import { inShard, type Shard } from "../eval/shard.js";
import { BaselineComparer } from "./baseline-comparer.js";
import type { Baseline } from "./baseline-file.js";
import { generatedDocuments, type GeneratedCorpus } from "./generated-corpus.js";
import { compareKeys } from "./resource-key.js";
import { observedResourceOf, type ResourceRecord } from "./resource-record.js";
import type { RegressionReport } from "./regression-report.js";

/** What a regression run reads, evaluates with and compares against. */
export interface RegressionOptions {
  /** Files, folders and `-`. */
  readonly paths: readonly string[];
  /** A seeded generated corpus, read after the paths. */
  readonly generated?: GeneratedCorpus;
  /** The rules. */
  readonly rules: readonly RuleIR[];
  /** The engines; verdicts are those of the first, and any disagreement is an error. */
  readonly engines: readonly EngineName[];
  /** Parameters per rule id. */
  readonly params?: RuleParams;
  /** The folder resource ids (and shard keys) are relative to. */
  readonly root: string;
  /** The baseline to compare with; undefined: everything is new. */
  readonly baseline: Baseline | undefined;
  /** Only this part of the corpus, and of the baseline. */
  readonly shard?: Shard;
  /** Worker threads (default 0). */
  readonly workers?: WorkerCount;
  /** Keep every resource's record (for `--update` and `--results`); otherwise only changes are kept. */
  readonly keepRecords?: boolean;
  /** Loader limits. */
  readonly load?: LoadOptions;
  /** Called after each object, for progress displays. */
  readonly onObject?: (count: number) => void;
}

/** The result of a regression run. */
export interface RegressionRun {
  /** What changed against the baseline. */
  readonly report: RegressionReport;
  /** Every resource's record, sorted, when `keepRecords` was set. */
  readonly records?: readonly ResourceRecord[];
}

async function* corpusItems(options: RegressionOptions): AsyncGenerator<ManifestItem | ManifestFile> {
  if (options.paths.length > 0) yield* manifestSources(options.paths, options.load);
  if (options.generated) yield* generatedDocuments(options.generated);
}

/**
 * Evaluates a corpus and compares every resource with the baseline as it streams by: memory
 * holds the baseline and the changes, not the results (and each resource's small record only
 * when `keepRecords` is set).
 *
 * @param options - corpus, rules, engines, baseline, shard, workers
 * @returns the report, and the records when asked
 */
export async function runRegression(options: RegressionOptions): Promise<RegressionRun> {
  if (options.paths.length === 0 && !options.generated)
    throw new Error("no input: give files, folders, '-', --corpus ci or --generated SEED:COUNT");
  const shard = options.shard;
  const comparer = new BaselineComparer(
    options.baseline,
    options.rules.map((r) => r.meta.id),
    options.engines.join(","),
    (key) => inShard(shard, key.file, key.document),
  );
  const records: ResourceRecord[] = [];
  let count = 0;
  const stream = evaluateStream(corpusItems(options), {
    rules: options.rules,
    engines: options.engines,
    ...(options.params ? { params: options.params } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(shard ? { shard } : {}),
    root: options.root,
    ...(options.load ? { load: options.load } : {}),
  });
  for await (const outcome of stream) {
    for (const e of outcome.errors) comparer.error(e);
    const observed = observedResourceOf(outcome, options.root);
    if (!observed) continue;
    comparer.observe(observed);
    if (options.keepRecords) records.push({ key: observed.key, deny: observed.deny });
    count += 1;
    options.onObject?.(count);
  }
  return {
    report: comparer.finish(),
    ...(options.keepRecords ? { records: records.sort((a, b) => compareKeys(a.key, b.key)) } : {}),
  };
}
