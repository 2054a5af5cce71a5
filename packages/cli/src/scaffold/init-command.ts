import { existsSync, readdirSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TOLLGATE_VERSION } from "../version.js";
import { projectFiles } from "./project-template.js";
import { writeNewFiles } from "./write-new-files.js";

/** Usage of `tollgate init`. */
export const INIT_USAGE = [
  "usage: tollgate init [DIR] [--name NAME] [--force]",
  "",
  "Scaffolds a policy repository in DIR (default: the current folder): package.json depending on",
  "the Tollgate packages, tollgate.config.ts, rules/<id>/rule.ts with one example rule, tsconfig.json,",
  "manifests/ for the regression corpus, .github/workflows/ (pull request: typecheck, tollgate test,",
  "build --check, regress, SARIF upload; tag: release --keyless --push), .gitignore and a README",
  "whose first two commands set up and test it.",
  "",
  "  --name NAME   the package name (default: the folder's name)",
  "  --force       write into a folder that is not empty (still never overwrites a file)",
  "",
  "Exit 0 written, 2 when the folder is not empty (without --force) or a file exists.",
].join("\n");

/**
 * Runs `tollgate init`.
 *
 * @param args - the arguments after `init`
 * @returns the exit code
 */
export async function runInit(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { name: { type: "string" }, force: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new Error("tollgate init takes one folder");
  const dir = resolve(positionals[0] ?? ".");
  if (existsSync(dir) && readdirSync(dir).length > 0 && !values.force) {
    throw new Error(
      `${dir} is not empty: run tollgate init in an empty folder, or pass --force to add the files that are missing (none is overwritten)`,
    );
  }
  const name =
    values.name ??
    (basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+/, "") ||
      "policies");
  const files = projectFiles(name, TOLLGATE_VERSION);
  const written = writeNewFiles(dir, files, values.force);
  const kept = Object.keys(files).filter((p) => !written.includes(p));
  if (kept.length > 0) process.stdout.write(`kept as they are (not overwritten): ${kept.join(", ")}\n`);
  const shown = relative(process.cwd(), dir) || ".";
  process.stdout.write(
    `created a Tollgate policy repository in ${shown}:\n${written.map((p) => `  ${p}`).join("\n")}\n\nnext:\n${shown === "." ? "" : `  cd ${shown}\n`}  npm install && npx tollgate install-tools\n  npm test\n`,
  );
  return 0;
}
