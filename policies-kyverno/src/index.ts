/**
 * The Kyverno rule library: Pod Security Standards and best practices as typed Tollgate rules.
 *
 * @packageDocumentation
 */
import type { RuleIR } from "@tollgate/rule-dsl";
import disallowPrivilegeEscalation from "./rules/disallow-privilege-escalation.js";
import requireRunAsNonroot from "./rules/require-run-as-nonroot.js";

/** Every rule of the library, by id order. */
export const KYVERNO_RULES: readonly RuleIR[] = [disallowPrivilegeEscalation, requireRunAsNonroot];

/** Where each rule's anchor suite sits under `shared/anchors/kyverno-policies`. */
export const KYVERNO_ANCHORS: Readonly<Record<string, string>> = {
  "disallow-privilege-escalation": "pod-security-vpol/restricted/disallow-privilege-escalation",
  "require-run-as-nonroot": "pod-security-vpol/restricted/require-run-as-nonroot",
};
