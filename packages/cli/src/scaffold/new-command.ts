import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { RULE_FILE } from "@tollgate/rule-loader";
import { loadConfig } from "../config/load-config.js";
import { NEW_RULE_KINDS, newRuleSource, RULE_ID } from "./rule-template.js";
import { writeNewFiles } from "./write-new-files.js";

/** Usage of `tollgate new`. */
export const NEW_USAGE = [
  "usage: tollgate new rule ID [--kind KIND] [--folder DIR] [--config FILE]",
  "",
  "Creates DIR/ID/rule.ts: a rule skeleton that type-checks, with one denied and one allowed",
  "example. It never fires until you write its condition, so its denied example fails",
  "'tollgate test' until then: a new rule cannot pass vacuously.",
  "",
  `  --kind KIND     what the rule is about: ${NEW_RULE_KINDS.join(", ")} (default Pod: a pod and`,
  "                  every pod controller, through their templates)",
  "  --folder DIR    the rules folder (default: the first of tollgate.config's rules, else rules)",
  "  --config FILE   the project's configuration (default: tollgate.config.* here)",
  "",
  "Never overwrites a file. Exit 0 written, 2 bad arguments or the rule exists.",
].join("\n");

/**
 * Runs `tollgate new rule ID`.
 *
 * @param args - the arguments after `new`
 * @returns the exit code
 */
export async function runNew(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      kind: { type: "string", default: "Pod" },
      folder: { type: "string" },
      config: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  const [what, id, ...rest] = positionals;
  if (what !== "rule" || id === undefined || rest.length > 0)
    throw new Error("usage: tollgate new rule ID [--kind KIND] [--folder DIR]");
  if (!RULE_ID.test(id))
    throw new Error(
      `"${id}" is not a rule id: use lower-case letters, digits and dashes (for example require-team-label)`,
    );
  if (!NEW_RULE_KINDS.includes(values.kind))
    throw new Error(`--kind must be one of ${NEW_RULE_KINDS.join(", ")}, got "${values.kind}"`);
  const { config, root } = await loadConfig(values.config);
  const folder =
    values.folder !== undefined ? resolve(values.folder) : resolve(root, config.rules?.[0] ?? "rules");
  const path = join(id, RULE_FILE);
  writeNewFiles(folder, { [path]: newRuleSource(id, values.kind) });
  const shown = relative(process.cwd(), join(folder, path)) || join(folder, path);
  process.stdout.write(
    `created ${shown}\nnext: write the rule's condition and examples, then run 'npx tollgate test --rules ${id}'\n`,
  );
  return 0;
}
