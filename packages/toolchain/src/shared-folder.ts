import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The environment variable that points at the shared folder when it is not beside the repository. */
export const SHARED_FOLDER_ENV = "TOLLGATE_SHARED_DIR";

function isRepositoryRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest) || !existsSync(join(dir, "turbo.json"))) return false;
  try {
    return Array.isArray((JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces);
  } catch {
    return false;
  }
}

/**
 * The root of the Tollgate repository (the folder with the workspace package.json and
 * turbo.json) above a folder.
 *
 * @param from - where to start looking (default: this module's folder)
 * @returns the repository root
 * @throws when no folder above `from` is the repository root
 */
export function repositoryRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (isRepositoryRoot(dir)) return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`no Tollgate repository (package.json with workspaces and turbo.json) above ${from}`);
    dir = up;
  }
}

/**
 * The shared folder that holds the anchors
 * (`anchors/`), read in place and never copied: `$TOLLGATE_SHARED_DIR` when set, else `shared/`
 * beside the repository.
 *
 * @returns its absolute path (which may not exist: see {@link sharedPath})
 */
export function sharedFolder(): string {
  const fromEnv = process.env[SHARED_FOLDER_ENV];
  return fromEnv ? resolve(fromEnv) : resolve(repositoryRoot(), "..", "shared");
}

/**
 * A path inside the shared folder that must exist: a test that reads the anchors fails, rather
 * than passing with nothing to check, when they are missing.
 *
 * @param segments - the path inside the shared folder (`"anchors", "gatekeeper-library"`)
 * @returns the absolute path
 * @throws naming the path and how to point at the shared folder, when it does not exist
 */
export function sharedPath(...segments: string[]): string {
  const path = join(sharedFolder(), ...segments);
  if (!existsSync(path)) {
    throw new Error(
      `${path} does not exist: the shared folder (the anchors) is read in place from shared/ beside the repository, or from $${SHARED_FOLDER_ENV}`,
    );
  }
  return path;
}
