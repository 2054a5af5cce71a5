/**
 * Finds rules one folder per rule (`<folder>/<id>/rule.ts`), loads them from their TypeScript
 * source with no build step (transpiled once per content, cached), and type-checks them. An
 * error in one rule names its file and does not hide the others.
 *
 * @packageDocumentation
 */
export { discoverRuleFiles, RULE_FILE, type RuleFile } from "./discover-rules.js";
export { loadRuleFiles, loadRuleFolders, type LoadedRule, type LoadedRules } from "./load-rules.js";
export { formatRuleLoadError, type RuleLoadError } from "./rule-load-error.js";
export { registerTypeScriptHooks } from "./register-hooks.js";
export { transpileCacheDir } from "./transpile-cache.js";
export { typecheckRuleFiles } from "./typecheck-rules.js";
export { loadLibraryRules, type RuleLibrary } from "./rule-library.js";
