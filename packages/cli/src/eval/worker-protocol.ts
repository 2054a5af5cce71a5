import type { RuleParams } from "@tollgate/engines";
import type { ManifestDocument } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { DocumentOutcome, EngineName } from "./document-evaluator.js";

/** What an evaluation worker is started with (`workerData`): it builds its own engines from it. */
export interface WorkerSetup {
  /** The rules, as plain IR data. */
  readonly rules: readonly RuleIR[];
  /** The engines to build, in order. */
  readonly engines: readonly EngineName[];
  /** Parameters per rule id. */
  readonly params: RuleParams;
}

/** From the main thread to a worker: evaluate these documents. */
export interface BatchRequest {
  /** Matches the reply to the request. */
  readonly id: number;
  /** The documents, in order. */
  readonly documents: readonly ManifestDocument[];
}

/** From a worker to the main thread: one batch done, or why it could not be done. */
export type BatchReply =
  | { readonly id: number; readonly outcomes: readonly DocumentOutcome[] }
  | { readonly id: number; readonly failure: string };
