import { parentPort, workerData } from "node:worker_threads";
import { readManifestFile } from "@tollgate/manifest-loader";
import type { Engine } from "@tollgate/engines";
import { createEngines, evaluateDocument, inputErrorOf, type DocumentOutcome } from "./document-evaluator.js";
import { movableMemoryOf } from "./byte-parts.js";
import { createResultRenderer, renderOutcome } from "./result-renderer.js";
import { shardSelector } from "./shard.js";
import type { BatchReply, BatchRequest, WorkerSetup } from "./worker-protocol.js";

/**
 * The evaluation worker thread: builds its own engines from the rules it is given, then
 * evaluates batches of documents, or reads, parses and evaluates whole files, replying with
 * one outcome per item in order.
 */
const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error("eval-worker.js runs only as a worker thread");
const select = shardSelector(setup.shard, setup.root);
const renderer = setup.render ? createResultRenderer(setup.render, setup.rules) : undefined;
const encoder = new TextEncoder();
const finish = (o: DocumentOutcome): DocumentOutcome => (renderer ? renderOutcome(o, renderer) : o);

const engines = createEngines(setup.engines, setup.rules, setup.params).then(
  (built) => ({ built, failure: undefined }),
  (e: unknown) => ({
    built: undefined,
    failure: `could not build the engines in a worker thread: ${e instanceof Error ? e.message : String(e)}`,
  }),
);

async function outcomesOf(built: Engine[], request: BatchRequest): Promise<DocumentOutcome[]> {
  if ("documents" in request) return request.documents.map((d) => finish(evaluateDocument(built, d)));
  const out: DocumentOutcome[] = [];
  for await (const item of readManifestFile(request.file, setup.load)) {
    if (select && !select(item)) continue;
    out.push(
      item.type === "error"
        ? { results: [], errors: [inputErrorOf(item)] }
        : finish(evaluateDocument(built, item)),
    );
  }
  return out;
}

port.on("message", (request: BatchRequest) => {
  void engines.then(async ({ built, failure }) => {
    let reply: BatchReply;
    if (!built) {
      reply = { id: request.id, failure: failure ?? "no engines" };
    } else {
      try {
        reply = { id: request.id, outcomes: await outcomesOf(built, request) };
      } catch (e) {
        reply = { id: request.id, failure: e instanceof Error ? e.message : String(e) };
      }
    }
    // Rendered text goes as UTF-8 bytes whose buffers are moved, not copied, to the writing thread.
    const transfer: ArrayBuffer[] = [];
    if ("outcomes" in reply) {
      reply = {
        id: reply.id,
        outcomes: reply.outcomes.map((o) => {
          if (!o.rendered) return o;
          const text = o.rendered.text;
          const bytes = typeof text === "string" ? encoder.encode(text) : text;
          // Only memory no other view uses is moved (never a slice of a shared pool).
          const memory =
            movableMemoryOf(bytes) ??
            (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
              ? (bytes.buffer as ArrayBuffer)
              : undefined);
          if (memory && !transfer.includes(memory)) transfer.push(memory);
          return { ...o, rendered: { ...o.rendered, text: bytes } };
        }),
      };
    }
    port.postMessage(reply, transfer);
  });
});
