import { availableParallelism } from "node:os";
import type { Engine, RuleParams } from "@tollgate/engines";
import type { ManifestDocument, ManifestItem } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import { createEngines, evaluateDocument, inputErrorOf, type DocumentOutcome, type EngineName } from "./document-evaluator.js";
import { EvalWorker } from "./worker-pool.js";

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
  /** Keeps only the items it returns true for (sharding); the others are not evaluated. */
  readonly select?: (item: ManifestItem) => boolean;
}

/**
 * Parses `--workers`: a whole number, or `auto`.
 *
 * @param text - the option's value
 * @returns the worker count
 */
export function parseWorkers(text: string): WorkerCount {
  if (text === "auto") return "auto";
  if (!/^\d+$/.test(text) || Number(text) > 256) throw new Error(`--workers takes a number from 0 to 256 or "auto", got "${text}"`);
  return Number(text);
}

/**
 * Evaluates a stream of manifest items and yields one outcome per item, in input order,
 * whatever thread evaluated it. Memory stays bounded: at most a few batches per worker are
 * read ahead, and nothing is kept once yielded. Each worker thread builds its own engines;
 * a worker that cannot fails the run (the error propagates to the caller).
 *
 * @param items - documents and input errors, e.g. from `loadManifests`
 * @param options - rules, engines, parameters, workers, selection
 * @returns the outcomes, in input order
 */
export async function* evaluateStream(items: AsyncIterable<ManifestItem> | Iterable<ManifestItem>, options: StreamOptions): AsyncGenerator<DocumentOutcome> {
  const setup = { rules: options.rules, engines: options.engines, params: options.params ?? {} };
  const cores = availableParallelism();
  const requested = options.workers ?? 0;
  const fixed = typeof requested === "number" ? requested : 0;
  const autoWorkers = requested === "auto" ? Math.max(0, cores - 1) : 0;
  const workers: EvalWorker[] = [];
  let local: Promise<Engine[]> | undefined;
  const localEngines = () => (local ??= createEngines(options.engines, options.rules, options.params));
  // Outcomes of batches in input order; each entry settles when its batch is done.
  const queue: Promise<DocumentOutcome[]>[] = [];
  // Batches the workers hold, settling (never rejecting) when done.
  const running = new Set<Promise<void>>();
  const window = () => Math.max(1, workers.length) * IN_FLIGHT_PER_WORKER + 2;
  let seen = 0;
  let batch: ManifestItem[] = [];

  for (let i = 0; i < fixed; i++) workers.push(new EvalWorker(setup));

  const dispatch = async (items: ManifestItem[]): Promise<void> => {
    const documents = items.filter((x): x is ManifestDocument => x.type === "document");
    const assemble = (outcomes: readonly DocumentOutcome[]): DocumentOutcome[] => {
      let k = 0;
      return items.map((x) => (x.type === "error" ? { results: [], errors: [inputErrorOf(x)] } : outcomes[k++]!));
    };
    if (documents.length === 0) {
      queue.push(Promise.resolve(assemble([])));
      return;
    }
    const idle = workers.filter((w) => w.inFlight < IN_FLIGHT_PER_WORKER).sort((a, b) => a.inFlight - b.inFlight)[0];
    if (idle) {
      const p = idle.evaluate(documents).then(assemble);
      // A failure is observed when the batch reaches the head of the queue.
      const settled = p.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      queue.push(p);
    } else if (fixed === 0) {
      const engines = await localEngines();
      queue.push(Promise.resolve(assemble(documents.map((d) => evaluateDocument(engines, d)))));
      // Let worker replies in between local batches.
      if (workers.length > 0) await new Promise((r) => setImmediate(r));
    } else {
      // Every worker is busy: wait until one of them finishes a batch.
      await Promise.race(running);
      return dispatch(items);
    }
  };

  try {
    for await (const item of items) {
      if (options.select && !options.select(item)) continue;
      batch.push(item);
      if (item.type === "document") seen += 1;
      if (batch.length < BATCH_SIZE) continue;
      if (autoWorkers > 0 && workers.length === 0 && seen > AUTO_WORKERS_AFTER) for (let i = 0; i < autoWorkers; i++) workers.push(new EvalWorker(setup));
      while (queue.length >= window()) yield* await queue.shift()!;
      await dispatch(batch);
      batch = [];
      while (queue.length >= window()) yield* await queue.shift()!;
    }
    if (batch.length > 0) await dispatch(batch);
    while (queue.length > 0) yield* await queue.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
