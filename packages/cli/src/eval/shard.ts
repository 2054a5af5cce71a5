import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ManifestItem } from "@tollgate/manifest-loader";
import { SHARED_FOLDER_ENV } from "@tollgate/toolchain";

/** One part of a corpus split for a CI job matrix: part `index` (1-based) of `count`. */
export interface Shard {
  /** 1-based: the first shard is 1, the last is `count`. */
  readonly index: number;
  /** How many shards the corpus is split into. */
  readonly count: number;
}

/**
 * Parses `--shard I/N` (1-based, as in a CI matrix: `1/4` … `4/4`).
 *
 * @param text - the option's value
 * @returns the shard
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard takes I/N with 1 <= I <= N (e.g. 2/4), got "${text}"`);
  }
  return { index, count };
}

/**
 * The path by which a file is known in shard keys and regression baselines: relative to `root`
 * with `/` separators (`../shared/anchors/x.yaml`), so it is the same on every machine and in
 * every job that runs from the same folder. Standard input (`-`) and names that are not paths
 * (generated corpora, `generated:…`) are kept as they are. A file in the folder
 * `$TOLLGATE_SHARED_DIR` names is known as `../shared/…`, as it is where that folder sits beside
 * the repository, so the committed baseline holds wherever the anchors are.
 *
 * @param file - the file as the loader reports it
 * @param root - the folder ids are relative to
 * @returns the stable file id
 */
export function stableFileId(file: string, root: string): string {
  if (file === "-" || file.startsWith("generated:")) return file;
  const shared = process.env[SHARED_FOLDER_ENV];
  if (shared) {
    const inShared = relative(resolve(shared), resolve(root, file));
    if (inShared !== "" && !inShared.startsWith("..") && !isAbsolute(inShared))
      return `../shared/${inShared.split(sep).join("/")}`;
  }
  const rel = relative(root, resolve(root, file));
  const id = rel === "" ? "." : rel;
  return sep === "/" ? id : id.split(sep).join("/");
}

/**
 * The 0-based shard slot of a document: a SHA-256 of its stable file id and document index,
 * reduced modulo `count`. Every document of a file may land in a different shard; the items
 * of a `List` stay together; the answer never depends on the machine, the run or the order.
 *
 * @param fileId - the stable file id (see {@link stableFileId})
 * @param document - the 0-based document index, or -1 for an error about the whole file
 * @param count - how many shards
 * @returns the slot, from 0 to `count - 1`
 */
export function shardSlotOf(fileId: string, document: number, count: number): number {
  const digest = createHash("sha256").update(`${fileId}#${document}`).digest();
  return digest.readUInt32BE(0) % count;
}

/**
 * Whether a document belongs to a shard.
 *
 * @param shard - the shard, or undefined for the whole corpus
 * @param fileId - the stable file id
 * @param document - the document index (-1 for a whole-file error)
 * @returns true when the shard takes it
 */
export function inShard(shard: Shard | undefined, fileId: string, document: number): boolean {
  return shard === undefined || shardSlotOf(fileId, document, shard.count) === shard.index - 1;
}

/**
 * A selection function for a shard: keys each item by its file (relative to `root`) and
 * document index; an error about a whole file is keyed with document -1.
 *
 * @param shard - the shard, or undefined for everything
 * @param root - the folder file ids are relative to
 * @param fileIdOf - how a file is named in keys (default {@link stableFileId} against `root`)
 * @returns the selection predicate, or undefined when nothing is filtered
 */
export function shardSelector(
  shard: Shard | undefined,
  root: string,
  fileIdOf: (file: string) => string = (f) => stableFileId(f, root),
): ((item: ManifestItem) => boolean) | undefined {
  if (!shard) return undefined;
  return (item) => inShard(shard, fileIdOf(item.file), item.index ?? -1);
}
