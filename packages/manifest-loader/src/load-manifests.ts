import { readFile } from "node:fs/promises";
import { expandPaths } from "./expand-paths.js";
import { describeFileError } from "./file-errors.js";
import type { LoadOptions } from "./load-options.js";
import { locatedError } from "./location.js";
import type { ManifestItem } from "./manifest-item.js";
import { parseManifests } from "./parse-manifests.js";

/**
 * Reads manifests from files, folders and standard input (`-`), one file at a time: each file
 * is read whole, parsed, its items yielded, and dropped before the next, so memory follows
 * the largest file, not the number of files. Folders are walked recursively in a stable sorted
 * order (see `expandPaths`); each file is parsed by {@link parseManifests}. Paths that do not
 * exist or cannot be read become errors, and the other paths are still read. Never throws for
 * bad input.
 *
 * @param paths - files, folders and `-`, in the order to read them
 * @param options - limits, and the stream to read for `-` (default `process.stdin`, read to its end)
 * @returns the objects and errors, file by file
 */
export async function* loadManifests(
  paths: readonly string[],
  options: LoadOptions = {},
): AsyncGenerator<ManifestItem> {
  for await (const source of manifestSources(paths, options)) {
    if (source.type === "file") yield* readManifestFile(source.file, options);
    else yield source;
  }
}

/** A file found under the paths, not read yet: whoever evaluates it reads it (see {@link readManifestFile}). */
export interface ManifestFile {
  readonly type: "file";
  readonly file: string;
}

/**
 * What {@link loadManifests} reads, with every file left unread: the files under the paths
 * in the same order, errors for paths that cannot be used, and standard input (`-`) read and
 * parsed (a stream can be read only once, here). A caller can hand the files to worker threads,
 * each calling {@link readManifestFile}, so that parsing runs on every core.
 *
 * @param paths - files, folders and `-`, in the order to read them
 * @param options - limits, and the stream to read for `-`
 * @returns files to read, and the items of standard input and of unusable paths
 */
export async function* manifestSources(
  paths: readonly string[],
  options: LoadOptions = {},
): AsyncGenerator<ManifestFile | ManifestItem> {
  for await (const source of expandPaths(paths)) {
    if (source.kind === "error") {
      yield source.error;
      continue;
    }
    if (source.kind !== "stdin") {
      yield { type: "file", file: source.file };
      continue;
    }
    let content: Buffer;
    try {
      content = await readStream(options.stdin ?? process.stdin);
    } catch (error) {
      yield locatedError({ file: "-" }, describeFileError(error));
      continue;
    }
    yield* parseManifests(content, "-", options);
  }
}

/**
 * Reads and parses one file as {@link loadManifests} does: its objects, or errors naming the
 * file and document. Never throws for bad input.
 *
 * @param file - the file
 * @param options - limits
 * @returns the objects and errors of the file
 */
export async function* readManifestFile(
  file: string,
  options: LoadOptions = {},
): AsyncGenerator<ManifestItem> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    yield locatedError({ file }, describeFileError(error));
    return;
  }
  yield* parseManifests(content, file, options);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  return Buffer.concat(chunks);
}
