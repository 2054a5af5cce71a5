import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ManifestDocument } from "@tollgate/manifest-loader";
import type { DocumentOutcome } from "./document-evaluator.js";
import type { BatchReply, BatchRequest, WorkerSetup } from "./worker-protocol.js";
import { WORKER_YOUNG_GENERATION_MB } from "./heap-settings.js";

/**
 * The compiled worker script. Next to this module once built (`dist/eval/eval-worker.js`); when
 * this module runs from its TypeScript source (tests), the built script in `dist/`.
 *
 * @returns the worker script's path
 */
export function workerScriptPath(): string {
  const candidates = [
    new URL("./eval-worker.js", import.meta.url),
    new URL("../../dist/eval/eval-worker.js", import.meta.url),
  ].map((u) => fileURLToPath(u));
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the evaluation worker script is missing (looked for ${candidates.join(", ")}); build @tollgate/cli first`,
    );
  return found;
}

interface Pending {
  readonly resolve: (outcomes: readonly DocumentOutcome[]) => void;
  readonly reject: (error: Error) => void;
}

/** One worker thread with its own engines, and the batches it has been given. */
export class EvalWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  /**
   * Starts a worker thread; it builds its engines in the background.
   *
   * @param setup - rules, engines and parameters
   */
  constructor(setup: WorkerSetup) {
    this.worker = new Worker(workerScriptPath(), {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.worker.on("message", (reply: BatchReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ("failure" in reply) p.reject(new Error(reply.failure));
      else p.resolve(reply.outcomes);
    });
    this.worker.on("error", (e) => this.fail(new Error(`an evaluation worker thread crashed: ${e.message}`)));
    this.worker.on("exit", (code) =>
      this.fail(new Error(`an evaluation worker thread exited (code ${code}) with batches unfinished`)),
    );
  }

  /** How many batches are waiting for this worker. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Evaluates documents in the worker.
   *
   * @param documents - the documents
   * @returns their outcomes, in order
   */
  evaluate(documents: readonly ManifestDocument[]): Promise<readonly DocumentOutcome[]> {
    return this.send({ id: this.nextId++, documents });
  }

  /**
   * Reads, parses and evaluates a whole file in the worker (parsing then runs on the worker's
   * core). Outcomes come back in document order, shard selection applied, input errors included.
   *
   * @param file - the file
   * @returns one outcome per item of the file
   */
  evaluateFile(file: string): Promise<readonly DocumentOutcome[]> {
    return this.send({ id: this.nextId++, file });
  }

  private send(request: BatchRequest): Promise<readonly DocumentOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = request.id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Stops the thread; unfinished batches fail. */
  async terminate(): Promise<void> {
    this.failure ??= new Error("the evaluation worker was stopped");
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
