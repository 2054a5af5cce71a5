import { availableParallelism } from "node:os";
import type { Engine, RuleParams } from "@tollgate/engines";
import {
  readManifestFile,
  type LoadOptions,
  type ManifestDocument,
  type ManifestFile,
  type ManifestItem,
} from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import {
  createEngines,
  evaluateDocument,
  inputErrorOf,
  type DocumentOutcome,
  type EngineName,
} from "./document-evaluator.js";
import type { RenderSpec } from "./report-writer.js";
import { createResultRenderer, renderOutcome } from "./result-renderer.js";
import { shardSelector, type Shard } from "./shard.js";
import { EvalWorker } from "./worker-pool.js";
import type { WorkerSetup } from "./worker-protocol.js";

/**
 * How many worker threads evaluate: a number (0: everything in the calling thread), or `auto`:
 * the calling thread starts alone, and once the input passes {@link AUTO_WORKERS_AFTER}
 * documents, one worker per further core joins it.
 */
export type WorkerCount = number | "auto";

/** Documents evaluated in the calling thread before `auto` starts worker threads. */
export const AUTO_WORKERS_AFTER = 256;

/** Documents sent to a worker at a time. */
const BATCH_SIZE = 32;

/** Batches a worker may hold at once; with the reorder window, this bounds memory. */
const IN_FLIGHT_PER_WORKER = 2;

/** What to evaluate with, and how to spread the work. */
export interface StreamOptions {
  readonly rules: readonly RuleIR[];
  readonly engines: readonly EngineName[];
  readonly params?: RuleParams;
  /** Worker threads (default 0: none). */
  readonly workers?: WorkerCount;
  /** Only this part of the input (`--shard`); the rest is not evaluated. */
  readonly shard?: Shard;
  /** The folder shard keys are relative to (default the working folder). */
  readonly root?: string;
  /** Limits for the files read, in this thread or in a worker. */
  readonly load?: LoadOptions;
  /** Render the results as report text where they are evaluated (see `renderOutcome`). */
  readonly render?: RenderSpec;
}

/**
 * Parses `--workers`: a whole number, or `auto`.
 *
 * @param text - the option's value
 * @returns the worker count
 */
export function parseWorkers(text: string): WorkerCount {
  if (text === "auto") return "auto";
  if (!/^\d+$/.test(text) || Number(text) > 256)
    throw new Error(`--workers takes a number from 0 to 256 or "auto", got "${text}"`);
  return Number(text);
}

/**
 * Evaluates a stream of manifest items and yields one outcome per item, in input order,
 * whatever thread evaluated it. A file not read yet (from `manifestSources`) goes whole to an
 * idle worker thread, which reads, parses and evaluates it, so parsing runs on every core; the
 * calling thread reads a file itself when no worker is free (or there are none). Memory stays
 * bounded: at most a few batches or files per worker are ahead of the output, and nothing is
 * kept once yielded. Each worker builds its own engines; a worker that cannot fails the run
 * (the error propagates to the caller).
 *
 * @param items - documents, input errors and files to read, e.g. from `manifestSources`
 * @param options - rules, engines, parameters, workers, shard, limits
 * @returns the outcomes, in input order
 */
export async function* evaluateStream(
  items: AsyncIterable<ManifestItem | ManifestFile> | Iterable<ManifestItem | ManifestFile>,
  options: StreamOptions,
): AsyncGenerator<DocumentOutcome> {
  const root = options.root ?? process.cwd();
  const select = shardSelector(options.shard, root);
  const { stdin: _stdin, ...load } = options.load ?? {};
  const setup: WorkerSetup = {
    rules: options.rules,
    engines: options.engines,
    params: options.params ?? {},
    load,
    root,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.render ? { render: options.render } : {}),
  };
  const renderer = options.render ? createResultRenderer(options.render, options.rules) : undefined;
  const finish = (o: DocumentOutcome): DocumentOutcome => (renderer ? renderOutcome(o, renderer) : o);
  const cores = availableParallelism();
  const requested = options.workers ?? 0;
  const fixed = typeof requested === "number" ? requested : 0;
  const autoWorkers = requested === "auto" ? Math.max(0, cores - 1) : 0;
  const workers: EvalWorker[] = [];
  let local: Promise<Engine[]> | undefined;
  const localEngines = () => (local ??= createEngines(options.engines, options.rules, options.params));
  // Outcomes of batches in input order; each entry settles when its batch is done.
  const queue: Promise<readonly DocumentOutcome[]>[] = [];
  // Batches the workers hold, settling (never rejecting) when done.
  const running = new Set<Promise<void>>();
  const window = () => Math.max(1, workers.length) * IN_FLIGHT_PER_WORKER + 2;
  let seen = 0;
  let batch: ManifestItem[] = [];

  for (let i = 0; i < fixed; i++) workers.push(new EvalWorker(setup));
  const startAutoWorkers = () => {
    if (autoWorkers > 0 && workers.length === 0 && seen > AUTO_WORKERS_AFTER)
      for (let i = 0; i < autoWorkers; i++) workers.push(new EvalWorker(setup));
  };
  const idleWorker = () =>
    workers.filter((w) => w.inFlight < IN_FLIGHT_PER_WORKER).sort((a, b) => a.inFlight - b.inFlight)[0];
  const track = (p: Promise<readonly DocumentOutcome[]>) => {
    // A failure is observed when the batch reaches the head of the queue.
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    running.add(settled);
    void settled.then(() => running.delete(settled));
    queue.push(p);
  };

  const dispatch = async (items: ManifestItem[]): Promise<void> => {
    const documents = items.filter((x): x is ManifestDocument => x.type === "document");
    const assemble = (outcomes: readonly DocumentOutcome[]): DocumentOutcome[] => {
      let k = 0;
      return items.map((x) =>
        x.type === "error" ? { results: [], errors: [inputErrorOf(x)] } : outcomes[k++]!,
      );
    };
    if (documents.length === 0) {
      queue.push(Promise.resolve(assemble([])));
      return;
    }
    const idle = idleWorker();
    if (idle) {
      track(idle.evaluate(documents).then(assemble));
    } else if (fixed === 0) {
      const engines = await localEngines();
      queue.push(Promise.resolve(assemble(documents.map((d) => finish(evaluateDocument(engines, d))))));
      // Let worker replies in between local batches.
      if (workers.length > 0) await new Promise((r) => setImmediate(r));
    } else {
      // Every worker is busy: wait until one of them finishes a batch.
      await Promise.race(running);
      return dispatch(items);
    }
  };

  async function* drain(): AsyncGenerator<DocumentOutcome> {
    while (queue.length >= window()) yield* await queue.shift()!;
  }

  async function* consume(item: ManifestItem): AsyncGenerator<DocumentOutcome> {
    if (select && !select(item)) return;
    batch.push(item);
    if (item.type === "document") seen += 1;
    if (batch.length < BATCH_SIZE) return;
    startAutoWorkers();
    yield* drain();
    await dispatch(batch);
    batch = [];
    yield* drain();
  }

  try {
    for await (const source of items) {
      if (source.type !== "file") {
        yield* consume(source);
        continue;
      }
      startAutoWorkers();
      let worker = idleWorker();
      while (!worker && fixed > 0) {
        await Promise.race(running);
        worker = idleWorker();
      }
      if (!worker) {
        // No worker free: this thread reads the file.
        for await (const item of readManifestFile(source.file, load)) yield* consume(item);
        continue;
      }
      // What came before the file goes first, to keep the input order.
      if (batch.length > 0) {
        await dispatch(batch);
        batch = [];
      }
      yield* drain();
      track(worker.evaluateFile(source.file));
      yield* drain();
    }
    if (batch.length > 0) await dispatch(batch);
    while (queue.length > 0) yield* await queue.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
