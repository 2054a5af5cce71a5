import type { KubeAnswer } from "@tollgate/cluster";
import { statusMessage } from "@tollgate/cluster";

/** What an admission request came to. */
export type AdmissionOutcome =
  /** Admitted (a dry run answered 200 or 201). */
  | { readonly kind: "allowed" }
  /** Refused by a policy or a webhook: the message names who refused and why. */
  | { readonly kind: "denied"; readonly message: string }
  /** Refused by the API server's own validation before any policy ran: the object is not a valid one of its kind. */
  | { readonly kind: "invalid"; readonly message: string }
  /** Anything else: a webhook that could not be called, a server error. Fail-closed, and never a verdict. */
  | { readonly kind: "error"; readonly message: string };

// The API server puts these inside its own sentence ('pods "x" is forbidden: ValidatingAdmissionPolicy ...'),
// with the status of an invalid object (422 Invalid) for a policy's denial.
const WEBHOOK_DENIAL = /\badmission webhook "[^"]+" denied the request/;
const POLICY_DENIAL = /\bValidatingAdmissionPolicy '[^']+'( with binding '[^']+')? denied request/;

/**
 * Reads an admission answer: admitted, denied by a policy (a ValidatingAdmissionPolicy or a
 * webhook said no), invalid (the API server's validation refused the object before admission),
 * or an error.
 *
 * @param answer - the API server's answer to a create or replace
 * @returns the outcome
 */
export function admissionOutcomeOf(answer: KubeAnswer): AdmissionOutcome {
  if (answer.status === 200 || answer.status === 201) return { kind: "allowed" };
  const message = statusMessage(answer);
  if (WEBHOOK_DENIAL.test(message) || POLICY_DENIAL.test(message)) return { kind: "denied", message };
  const reason = answer.body["reason"];
  if ((answer.status === 422 && reason === "Invalid") || (answer.status === 400 && reason === "BadRequest"))
    return { kind: "invalid", message };
  return { kind: "error", message };
}
