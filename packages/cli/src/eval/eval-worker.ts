/**
 * The entry point of an evaluation worker thread: builds its own engines from `workerData`
 * (see {@link WorkerSetup}), then answers each {@link BatchRequest} with the outcomes of its
 * documents, in order. When the engines cannot be built, every batch is answered with the
 * failure, so the run fails closed.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from "node:worker_threads";
import { createEngines, evaluateDocument } from "./document-evaluator.js";
import type { BatchReply, BatchRequest, WorkerSetup } from "./worker-protocol.js";

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error("eval-worker.js runs only as a worker thread");

const engines = createEngines(setup.engines, setup.rules, setup.params).then(
  (built) => ({ built, failure: undefined }),
  (e: unknown) => ({ built: undefined, failure: `could not build the engines in a worker thread: ${e instanceof Error ? e.message : String(e)}` }),
);

port.on("message", (request: BatchRequest) => {
  void engines.then(({ built, failure }) => {
    let reply: BatchReply;
    if (!built) {
      reply = { id: request.id, failure: failure ?? "no engines" };
    } else {
      try {
        reply = { id: request.id, outcomes: request.documents.map((d) => evaluateDocument(built, d)) };
      } catch (e) {
        reply = { id: request.id, failure: e instanceof Error ? e.message : String(e) };
      }
    }
    port.postMessage(reply);
  });
});
