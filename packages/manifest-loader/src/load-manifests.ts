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
  for await (const source of expandPaths(paths)) {
    if (source.kind === "error") {
      yield source.error;
      continue;
    }
    const file = source.kind === "stdin" ? "-" : source.file;
    let content: Buffer;
    try {
      content =
        source.kind === "stdin"
          ? await readStream(options.stdin ?? process.stdin)
          : await readFile(source.file);
    } catch (error) {
      yield locatedError({ file }, describeFileError(error));
      continue;
    }
    yield* parseManifests(content, file, options);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  return Buffer.concat(chunks);
}
