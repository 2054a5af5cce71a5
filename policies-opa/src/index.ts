/**
 * The OPA/Gatekeeper rule library (gate 4): Gatekeeper checks as typed Tollgate rules, each
 * with the Constraint kind and parameter schema of the gatekeeper-library template of the same
 * check, so existing Constraints keep working when our template is swapped in. Each rule is a
 * folder under `rules/` (`rules/<id>/rule.ts`), found and loaded from its source the way a
 * team's own rules are.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from "node:url";
import type { RuleIR } from "@tollgate/rule-dsl";
import { loadLibraryRules, type RuleLibrary } from "@tollgate/rule-loader";

/** The library: its name and its rules folder (its package.json says the same for tollgate.config). */
export const OPA_LIBRARY: RuleLibrary = {
  name: "policies-opa",
  rulesDir: fileURLToPath(new URL("../rules", import.meta.url)),
};

/** Every rule of the library, by id order. */
export const OPA_RULES: readonly RuleIR[] = await loadLibraryRules(OPA_LIBRARY);

/**
 * The anchor of each rule that has one: its folder in gatekeeper-library `library/`, where a
 * suite may sit under `shared/anchors/gatekeeper-library/library`.
 */
export const OPA_ANCHORS: Readonly<Record<string, string>> = Object.fromEntries(
  OPA_RULES.flatMap((r) => (r.meta.anchor ? [[r.meta.id, r.meta.anchor]] : [])),
);
