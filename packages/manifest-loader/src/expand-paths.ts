import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { describeFileError } from "./file-errors.js";
import { locatedError } from "./location.js";
import type { ManifestError } from "./manifest-item.js";

/** What a path given by the caller stands for: a file to read, standard input, or an error. */
export type ManifestSource =
  | { readonly kind: "file"; readonly file: string }
  | { readonly kind: "stdin" }
  | { readonly kind: "error"; readonly error: ManifestError };

/** Names of the files a folder contributes. */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/**
 * Expands the caller's paths, lazily and in a stable order: each path in the order given;
 * a folder's manifest files (`.yaml`, `.yml`, `.json`, any case) recursively, sorted by name
 * (code unit order), hidden entries (a leading dot: `.git/`, `.gitlab-ci.yml`) skipped;
 * `-` for standard input. Symbolic links are followed; each file and folder is read once
 * (by real path), and a link back to a folder being read is reported once and not followed.
 * A path given explicitly is read whatever its name, if it is a file or a pipe.
 *
 * @param paths - files, folders and `-`
 * @returns what to read, with errors for paths that cannot be used
 */
export async function* expandPaths(paths: readonly string[]): AsyncGenerator<ManifestSource> {
  const seen = new Set<string>();
  let stdinGiven = false;
  for (const path of paths) {
    if (path === "-") {
      yield stdinGiven
        ? failure(path, "is given twice: standard input can only be read once")
        : { kind: "stdin" };
      stdinGiven = true;
      continue;
    }
    try {
      const info = await stat(path);
      const real = await realpath(path);
      if (info.isDirectory()) {
        if (seen.has(real)) continue;
        let found = false;
        for await (const source of walkFolder(path, real, new Set(), seen)) {
          found = true;
          yield source;
        }
        if (!found) yield failure(path, "is a folder with no .yaml, .yml or .json files");
      } else if (!info.isFile() && !info.isFIFO()) {
        yield failure(path, "is not a file, a folder or a pipe");
      } else if (!seen.has(real)) {
        seen.add(real);
        yield { kind: "file", file: path };
      }
    } catch (error) {
      yield failure(path, describeFileError(error));
    }
  }
}

async function* walkFolder(
  folder: string,
  real: string,
  ancestors: ReadonlySet<string>,
  seen: Set<string>,
): AsyncGenerator<ManifestSource> {
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    yield failure(folder, describeFileError(error));
    return;
  }
  const inside = new Set([...ancestors, real]);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path =
      folder.endsWith(sep) || folder.endsWith("/") ? folder + entry.name : `${folder}${sep}${entry.name}`;
    try {
      const link = entry.isSymbolicLink();
      const info = link ? await stat(path) : entry;
      const target = link ? await realpath(path) : join(real, entry.name);
      if (info.isDirectory()) {
        if (inside.has(target)) {
          yield failure(
            path,
            `is a link to ${target}, a folder that contains it: not followed, to avoid an endless loop`,
          );
        } else if (!seen.has(target)) {
          yield* walkFolder(path, target, inside, seen);
        }
      } else if (info.isFile() && MANIFEST_FILE.test(entry.name) && !seen.has(target)) {
        seen.add(target);
        yield { kind: "file", file: path };
      }
    } catch (error) {
      if (MANIFEST_FILE.test(entry.name)) yield failure(path, describeFileError(error));
    }
  }
}

function failure(file: string, reason: string): ManifestSource {
  return { kind: "error", error: locatedError({ file }, reason) };
}
