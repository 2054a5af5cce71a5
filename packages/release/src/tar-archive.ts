import { gunzipSync, gzipSync } from "node:zlib";

/** One file in an archive. */
export interface ArchiveEntry {
  /** Path inside the archive, with `/` separators, no leading `/`. */
  readonly path: string;
  readonly content: Buffer;
}

const BLOCK = 512;

/** The most an archive Tollgate reads may unpack to (a release of both libraries is about 3 MiB). */
export const MAX_UNPACKED_BYTES = 256 * 2 ** 20;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(path: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let name = path;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100)
      throw new Error(`path too long for a tar archive: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii"); // mode
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(0, 12), 136, "ascii"); // mtime: the epoch, always
  h.write("        ", 148, "ascii"); // checksum placeholder
  h.write("0", 156, "ascii"); // regular file
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7), 148, "ascii");
  h[155] = 0x20;
  return h;
}

/**
 * A reproducible `.tar.gz`: entries sorted by path, mode 0644, owner 0, mtime 0, and a gzip
 * header without a timestamp or file name, so the same files always give the same bytes.
 *
 * @param entries - the files
 * @returns the archive
 */
export function createTarGz(entries: readonly ArchiveEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  for (const e of sorted) {
    if (e.path.startsWith("/") || e.path.split("/").includes(".."))
      throw new Error(`unsafe archive path: ${e.path}`);
    parts.push(header(e.path, e.content.length), e.content);
    const pad = (BLOCK - (e.content.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  // Node writes MTIME 0 and no file name in the gzip header; level 9 for size.
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/**
 * Reads the regular files of a `.tar.gz` (ustar, as `opa build` and {@link createTarGz} write
 * them). Paths lose a leading `/`. Refuses unsafe paths.
 *
 * @param archive - the archive bytes
 * @param maxBytes - the most it may unpack to; more is refused before it is all in memory
 * @returns the files in archive order
 * @throws when it unpacks to more than `maxBytes`, or a path leaves the archive
 */
export function readTarGz(archive: Buffer, maxBytes = MAX_UNPACKED_BYTES): ArchiveEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new Error(`the archive unpacks to more than ${maxBytes / 2 ** 20} MiB: refused (a gzip bomb?)`);
    throw e;
  }
  const out: ArchiveEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) break;
    const field = (start: number, len: number) =>
      h
        .subarray(start, start + len)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)).replace(/^\/+/, "");
    offset += BLOCK;
    if (type === "0" || type === "") {
      if (name.split("/").includes("..")) throw new Error(`unsafe archive path: ${name}`);
      out.push({ path: name, content: Buffer.from(tar.subarray(offset, offset + size)) });
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
