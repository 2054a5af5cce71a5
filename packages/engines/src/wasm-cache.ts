import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** A compiled policy: the wasm module and the bundle's data. */
export interface CompiledWasm {
  readonly wasm: Buffer;
  readonly data: string;
}

/**
 * The folder of cached wasm builds: `TOLLGATE_WASM_CACHE_DIR`, or `~/.cache/tollgate/wasm`.
 *
 * @returns the folder
 */
export function wasmCacheDir(): string {
  return process.env["TOLLGATE_WASM_CACHE_DIR"] ?? join(homedir(), ".cache", "tollgate", "wasm");
}

/**
 * The key of a wasm build: a SHA-256 over everything that decides its bytes (the opa binary,
 * the opa-wasm SDK's capabilities, every module, the data, the entrypoints).
 *
 * @param parts - the inputs, in a fixed order
 * @returns the hex digest
 */
export function wasmBuildKey(parts: Readonly<Record<string, unknown>>): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * A stable description of a file for a cache key: its path, size and modification time.
 *
 * @param path - the file
 * @returns the description
 */
export function fileIdentity(path: string): string {
  const s = statSync(path);
  return `${path}:${s.size}:${s.mtimeMs}`;
}

interface Entry {
  readonly wasmSha256: string;
  readonly dataSha256: string;
}

const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

/**
 * Reads a cached build, checking the digests recorded with it; a missing, partial or altered
 * entry reads as absent.
 *
 * @param dir - the cache folder
 * @param key - the build key
 * @returns the build, or undefined
 */
export function readCachedWasm(dir: string, key: string): CompiledWasm | undefined {
  try {
    const folder = join(dir, key);
    const entry = JSON.parse(readFileSync(join(folder, "entry.json"), "utf8")) as Entry;
    const wasm = readFileSync(join(folder, "policy.wasm"));
    const data = readFileSync(join(folder, "data.json"), "utf8");
    if (sha256(wasm) !== entry.wasmSha256 || sha256(data) !== entry.dataSha256) return undefined;
    return { wasm, data };
  } catch {
    return undefined;
  }
}

/**
 * Stores a build under its key. Written to a temporary folder and renamed into place, so a
 * concurrent reader sees the whole entry or none; a failure to write is ignored (the cache is
 * only an optimisation).
 *
 * @param dir - the cache folder
 * @param key - the build key
 * @param build - the build
 */
export function writeCachedWasm(dir: string, key: string, build: CompiledWasm): void {
  const tmp = join(dir, `.tmp-${key}-${randomBytes(6).toString("hex")}`);
  try {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, "policy.wasm"), build.wasm);
    writeFileSync(join(tmp, "data.json"), build.data);
    const entry: Entry = { wasmSha256: sha256(build.wasm), dataSha256: sha256(build.data) };
    writeFileSync(join(tmp, "entry.json"), JSON.stringify(entry));
    try {
      renameSync(tmp, join(dir, key));
    } catch {
      // Another process put the same entry in place first (either copy is good), or the entry
      // there is damaged: replace it only then.
      if (readCachedWasm(dir, key) === undefined) {
        rmSync(join(dir, key), { recursive: true, force: true });
        renameSync(tmp, join(dir, key));
      }
    }
    pruneCache(dir, MAX_ENTRIES);
  } catch {
    // the cache is an optimisation: a build that cannot be stored is still used
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Entries kept in the cache; past this, the least recently written go. */
export const MAX_ENTRIES = 256;

/**
 * Removes the oldest entries (by the time their `entry.json` was written) beyond a number.
 *
 * @param dir - the cache folder
 * @param keep - how many to keep
 */
export function pruneCache(dir: string, keep: number): void {
  const entries = readdirSync(dir)
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .map((name) => {
      try {
        return { name, at: statSync(join(dir, name, "entry.json")).mtimeMs };
      } catch {
        return { name, at: 0 };
      }
    })
    .sort((a, b) => b.at - a.at);
  for (const old of entries.slice(keep)) rmSync(join(dir, old.name), { recursive: true, force: true });
}
