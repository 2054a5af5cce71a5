import type { RuleIR } from "@tollgate/rule-dsl";
import { loadRuleFolders } from "./load-rules.js";
import { formatRuleLoadError } from "./rule-load-error.js";

/**
 * A rule library as a package describes it: its name and the folder its rules sit in, one
 * folder per rule. `tollgate.config` selects rules from it by id, category or gate.
 */
export interface RuleLibrary {
  /** The library's name (`policies-kyverno`): the catalogue's `library` and the release's folder. */
  readonly name: string;
  /** The absolute path of its rules folder. */
  readonly rulesDir: string;
}

/**
 * Loads every rule of a library, which must load cleanly: any rule error throws, naming every
 * failing rule and its file.
 *
 * @param library - the library
 * @returns its rules, by id
 * @throws listing every rule that did not load
 */
export async function loadLibraryRules(library: RuleLibrary): Promise<readonly RuleIR[]> {
  const { rules, errors } = await loadRuleFolders([library.rulesDir]);
  if (errors.length > 0) {
    throw new Error(
      `library ${library.name}: ${String(errors.length)} rule(s) did not load:\n${errors.map((e) => `  ${formatRuleLoadError(e)}`).join("\n")}`,
    );
  }
  return rules.map((r) => r.rule);
}
