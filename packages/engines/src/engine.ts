import type { RuleIR } from "@tollgate/rule-dsl";

/** A verdict: the rule passed, failed, did not apply, or could not be evaluated (an error denies). */
export type EngineVerdict = "pass" | "fail" | "skip" | "error";

/** One rule's verdict on one object in one engine. */
export interface EngineResult {
  readonly rule: string;
  readonly verdict: EngineVerdict;
  readonly messages: string[];
}

/** An engine: evaluates every rule it was built with on one object. */
export interface Engine {
  /** The engine's name: `oracle`, `rego` or `cel`. */
  readonly name: "oracle" | "rego" | "cel";
  /**
   * Evaluates every rule on an object, as an admission review with the given operation.
   *
   * @param object - the object (already parsed)
   * @param operation - the admission operation; CREATE when absent
   * @returns one result per rule
   */
  evaluate(object: unknown, operation?: string): EngineResult[];
}

/** Parameters per rule id. */
export type RuleParams = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** What every engine is built from. */
export interface EngineInput {
  readonly rules: readonly RuleIR[];
  readonly params?: RuleParams;
}
