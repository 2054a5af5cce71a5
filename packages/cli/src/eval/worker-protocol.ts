import type { RuleParams } from "@tollgate/engines";
import type { LoadOptions, ManifestDocument } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import type { DocumentOutcome, EngineName } from "./document-evaluator.js";
import type { RenderSpec } from "./report-writer.js";
import type { Shard } from "./shard.js";

/** What an evaluation worker is started with (`workerData`): it builds its own engines from it. */
export interface WorkerSetup {
  /** The rules, as plain IR data. */
  readonly rules: readonly RuleIR[];
  /** The engines to build, in order. */
  readonly engines: readonly EngineName[];
  /** Parameters per rule id. */
  readonly params: RuleParams;
  /** Limits for the files the worker reads (standard input is read by the calling thread). */
  readonly load: Omit<LoadOptions, "stdin">;
  /** Only this part of the input (`--shard`), keyed relative to `root`. */
  readonly shard?: Shard;
  /** The folder shard keys are relative to. */
  readonly root: string;
  /** Render results as report text in the worker (`-o json`, `-o sarif`). */
  readonly render?: RenderSpec;
}

/** Documents to evaluate, or a file to read, parse and evaluate, with an id for the reply. */
export type BatchRequest =
  | {
      /** Matches the reply to the request. */
      readonly id: number;
      /** The documents, in order. */
      readonly documents: readonly ManifestDocument[];
    }
  | {
      readonly id: number;
      /** A file the worker reads and parses itself (see `readManifestFile`). */
      readonly file: string;
    };

/** From a worker to the main thread: one batch done, or why it could not be done. */
export type BatchReply =
  | { readonly id: number; readonly outcomes: readonly DocumentOutcome[] }
  | { readonly id: number; readonly failure: string };
