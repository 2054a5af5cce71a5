import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/** The name of the file that defines a rule, in a folder named after the rule's id. */
export const RULE_FILE = "rule.ts";

/** A rule file found on disk. */
export interface RuleFile {
  /** The absolute path of `rule.ts`. */
  readonly file: string;
  /** The name of the folder that holds it: the rule's id must equal it. */
  readonly folderName: string;
  /** The configured folder it was found under. */
  readonly root: string;
}

/**
 * Finds every rule under the given folders: each folder (at any depth) that holds a `rule.ts`
 * is one rule, whose id is the folder's name. Folders whose name starts with `.` or `_`, and
 * `node_modules`, are not searched; the order is by path, so that results are deterministic.
 *
 * @param folders - the folders to search (absolute, or relative to the current folder)
 * @param fileName - the file that marks a folder (`rule.ts`; `slo.ts` for a service's objectives)
 * @returns the rule files, sorted by path
 * @throws when a folder does not exist, naming it
 */
export function discoverRuleFiles(folders: readonly string[], fileName: string = RULE_FILE): RuleFile[] {
  const found: RuleFile[] = [];
  for (const folder of folders) {
    const root = resolve(folder);
    let isFolder = false;
    try {
      isFolder = statSync(root).isDirectory();
    } catch {
      // reported below
    }
    if (!isFolder)
      throw new Error(
        `${fileName === RULE_FILE ? "rule" : fileName} folder ${folder} does not exist (looked for ${root}): create it or change the folders in tollgate.config`,
      );
    walk(root, root, fileName, found);
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function walk(root: string, dir: string, fileName: string, found: RuleFile[]): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() && entry.name === fileName && dir !== root) {
      found.push({ file: join(dir, fileName), folderName: basename(dir), root });
    }
  }
  for (const entry of entries) {
    if (
      !entry.isDirectory() ||
      entry.name === "node_modules" ||
      entry.name.startsWith(".") ||
      entry.name.startsWith("_")
    )
      continue;
    walk(root, join(dir, entry.name), fileName, found);
  }
}
