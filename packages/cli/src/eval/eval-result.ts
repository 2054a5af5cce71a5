import type { EngineVerdict } from "@tollgate/engines";

/** The resource a result is about, and where it was read. */
export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  /** 0-based document index in the file. */
  readonly document: number;
  /** 0-based item index when the document was a List. */
  readonly item?: number;
  /** 1-based line where the object starts. */
  readonly line: number;
}

/** One rule's verdict on one resource in one engine. */
export interface EvalResult {
  readonly resource: ResourceRef;
  readonly rule: string;
  readonly engine: string;
  readonly verdict: EngineVerdict;
  readonly messages: readonly string[];
}

/** Input that could not be evaluated, or an engine failure. */
export interface EvalError {
  readonly file: string;
  readonly document?: number;
  readonly item?: number;
  readonly line?: number;
  readonly message: string;
}

/** Everything an evaluation run produced. */
export interface EvalReport {
  readonly results: EvalResult[];
  readonly errors: EvalError[];
}
