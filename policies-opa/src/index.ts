/**
 * The OPA/Gatekeeper rule library (gate 4): Gatekeeper checks as typed Tollgate rules, each
 * with the Constraint kind and parameter schema of the gatekeeper-library template of the same
 * check, so existing Constraints keep working when our template is swapped in.
 *
 * @packageDocumentation
 */
import type { RuleIR } from "@tollgate/rule-dsl";
import { GENERAL } from "./general.js";
import type { LibraryEntry } from "./library-entry.js";
import { POD_SECURITY_POLICY } from "./pod-security-policy.js";

export { isExemptImage } from "./exempt-images.js";
export type { LibraryEntry } from "./library-entry.js";

const ENTRIES: readonly LibraryEntry[] = [...GENERAL, ...POD_SECURITY_POLICY];

/** Every rule of the library, by id order. */
export const OPA_RULES: readonly RuleIR[] = ENTRIES.map((e) => e.rule).sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/**
 * The anchor of each rule: its folder in gatekeeper-library `library/`, where a suite may sit
 * under `shared/anchors/gatekeeper-library/library`.
 */
export const OPA_ANCHORS: Readonly<Record<string, string>> = Object.fromEntries(ENTRIES.map((e) => [e.rule.meta.id, e.anchor]));
