import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes files under a folder, never over an existing one: when any already exists, nothing is
 * written and the error names every such file, unless `skipExisting` is set, when the files that
 * exist are left as they are and the others written.
 *
 * @param root - the folder
 * @param files - text by path relative to the folder
 * @param skipExisting - leave existing files alone instead of failing
 * @returns the paths written
 * @throws naming the files that exist
 */
export function writeNewFiles(
  root: string,
  files: Readonly<Record<string, string>>,
  skipExisting = false,
): string[] {
  const existing = new Set(Object.keys(files).filter((p) => existsSync(join(root, p))));
  if (existing.size > 0 && !skipExisting)
    throw new Error(
      `not overwriting ${[...existing].map((p) => join(root, p)).join(", ")}: nothing was written`,
    );
  const paths = Object.keys(files)
    .filter((p) => !existing.has(p))
    .sort();
  for (const p of paths) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), files[p]!);
  }
  return paths;
}
