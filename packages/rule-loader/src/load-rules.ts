import { pathToFileURL } from "node:url";
import type { RuleIR } from "@tollgate/rule-dsl";
import { discoverRuleFiles, type RuleFile } from "./discover-rules.js";
import { registerTypeScriptHooks } from "./register-hooks.js";
import type { RuleLoadError } from "./rule-load-error.js";

/** A rule and the file it was loaded from. */
export interface LoadedRule {
  readonly rule: RuleIR;
  readonly file: string;
}

/** What loading a set of rule folders gave: the rules that loaded, and an error per rule that did not. */
export interface LoadedRules {
  /** The rules, sorted by id. */
  readonly rules: readonly LoadedRule[];
  /** One error per rule that could not be used; the other rules are still loaded. */
  readonly errors: readonly RuleLoadError[];
}

/**
 * Finds and loads every rule under the given folders, from its TypeScript source (no build
 * step): each `<folder>/…/<id>/rule.ts` must export a rule (made with `defineRule`) as its
 * default export, whose id is the folder's name. An error in one rule (it does not load, it
 * throws, its id differs from its folder, two rules share an id, it lacks a denied or an allowed
 * example) is returned for that rule, naming the file, and does not stop the others.
 *
 * @param folders - the rule folders
 * @returns the rules and the errors
 * @throws only when a folder does not exist
 */
export async function loadRuleFolders(folders: readonly string[]): Promise<LoadedRules> {
  return loadRuleFiles(discoverRuleFiles(folders));
}

/**
 * Loads the given rule files (see {@link loadRuleFolders}).
 *
 * @param files - the files, as {@link discoverRuleFiles} gives them
 * @returns the rules and the errors
 */
export async function loadRuleFiles(files: readonly RuleFile[]): Promise<LoadedRules> {
  registerTypeScriptHooks();
  const loaded = await Promise.all(files.map((f) => loadOne(f)));
  const errors: RuleLoadError[] = [];
  const byId = new Map<string, LoadedRule>();
  for (const [i, result] of loaded.entries()) {
    const file = files[i]!;
    if ("message" in result) {
      errors.push(result);
      continue;
    }
    const other = byId.get(result.rule.meta.id);
    if (other) {
      errors.push({
        file: file.file,
        rule: result.rule.meta.id,
        message: `two rules have the id ${result.rule.meta.id}: this one and ${other.file}; rename one of them (folder and meta.id)`,
      });
      continue;
    }
    byId.set(result.rule.meta.id, result);
  }
  const rules = [...byId.values()].sort((a, b) =>
    a.rule.meta.id < b.rule.meta.id ? -1 : a.rule.meta.id > b.rule.meta.id ? 1 : 0,
  );
  return { rules, errors };
}

async function loadOne(file: RuleFile): Promise<LoadedRule | RuleLoadError> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file.file).href)) as { default?: unknown };
  } catch (e) {
    return {
      file: file.file,
      rule: file.folderName,
      message: `could not load: ${e instanceof Error ? e.message : String(e)}`,
      ...placeOf(e, file.file),
    };
  }
  const rule = module.default;
  if (!isRule(rule)) {
    return {
      file: file.file,
      rule: file.folderName,
      message: "rule.ts must export its rule as the default export: `export default defineRule({ … })`",
    };
  }
  if (rule.meta.id !== file.folderName) {
    return {
      file: file.file,
      rule: rule.meta.id,
      message: `the rule's id "${rule.meta.id}" differs from its folder's name "${file.folderName}": rename the folder or change meta.id so they are the same`,
    };
  }
  if (rule.examples.denied.length === 0 || rule.examples.allowed.length === 0) {
    return {
      file: file.file,
      rule: rule.meta.id,
      message: "a rule needs at least one denied and one allowed example (examples.denied, examples.allowed)",
    };
  }
  return { rule, file: file.file };
}

function isRule(value: unknown): value is RuleIR {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<RuleIR>;
  return (
    typeof v.meta?.id === "string" &&
    Array.isArray(v.violations) &&
    typeof v.examples === "object" &&
    v.examples !== null &&
    Array.isArray(v.examples.denied) &&
    Array.isArray(v.examples.allowed)
  );
}

/** The line and column of the rule file in an error's stack, when it has them. */
function placeOf(e: unknown, file: string): { line?: number; column?: number } {
  const stack = e instanceof Error ? (e.stack ?? "") : "";
  // A frame names the file by URL, or by path once source maps are applied.
  for (const name of [pathToFileURL(file).href, file]) {
    for (const line of stack.split("\n")) {
      const at = line.indexOf(name);
      if (at < 0) continue;
      const match = /^:(\d+):(\d+)/.exec(line.slice(at + name.length));
      if (match) return { line: Number(match[1]), column: Number(match[2]) };
    }
  }
  return {};
}
