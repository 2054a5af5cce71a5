/**
 * A CEL evaluation error: what CEL itself reports as an error value (no such key, no matching
 * overload, a non-bool condition). A policy treats it as a failed evaluation: fail closed.
 */
export class CelEvaluationError extends Error {
  override readonly name = "CelEvaluationError";
}

/**
 * The evaluator met a case it does not model exactly (a value of a type it does not know, a
 * double arithmetic result it cannot tell from an int, an integer past 2^53). The caller must
 * evaluate the expression with a general CEL evaluator instead; the result here is not a verdict.
 */
export class CelUnmodelledError extends Error {
  override readonly name = "CelUnmodelledError";
}

/**
 * The source uses CEL this evaluator does not compile (an operator, function, literal or name
 * outside the subset our compiler emits). Raised once, when the expression is compiled.
 */
export class CelUnsupportedError extends Error {
  override readonly name = "CelUnsupportedError";
}
