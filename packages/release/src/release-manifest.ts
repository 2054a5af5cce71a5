import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { canonicalJson, sha256Hex } from "./digests.js";
import type { ReleaseFile } from "./sbom.js";

/** The file listing every payload file of a release with its digest. */
export const MANIFEST_FILE = "manifest.json";
/** The Sigstore bundle signing the manifest. */
export const MANIFEST_SIGNATURE_FILE = "manifest.json.sigstore.json";
/** The SLSA provenance statement (for reading; the signed copy is in the bundle below). */
export const PROVENANCE_FILE = "provenance.intoto.json";
/** The DSSE-signed provenance attestation. */
export const PROVENANCE_SIGNATURE_FILE = "provenance.sigstore.json";
/** Files beside the payload that the manifest does not list: the signatures and the provenance. */
export const DETACHED_FILES = [MANIFEST_SIGNATURE_FILE, PROVENANCE_FILE, PROVENANCE_SIGNATURE_FILE];

/** The release manifest. */
export interface ReleaseManifest {
  readonly name: string;
  readonly version: string;
  readonly sourceCommit: string;
  /**
   * The release's number: the commits up to its source commit. Two releases of one version from
   * different commits differ here; `tollgate verify --not-older-than N` refuses a smaller one.
   */
  readonly releaseNumber?: number;
  readonly signing: { readonly development: boolean; readonly notice?: string };
  readonly files: ReleaseFile[];
}

/**
 * Every file under a folder, as sorted `/`-separated relative paths.
 *
 * @param dir - the folder
 * @returns the paths
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      // A symbolic link is listed, never followed: verification refuses anything not a regular file.
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The digests of files under a folder.
 *
 * @param dir - the folder
 * @param paths - relative paths
 * @returns the release files
 */
export function describeFiles(dir: string, paths: readonly string[]): ReleaseFile[] {
  return paths.map((path) => {
    const full = join(dir, path);
    return { path, sha256: sha256Hex(readFileSync(full)), size: statSync(full).size };
  });
}

/**
 * The manifest's canonical JSON text.
 *
 * @param manifest - the manifest
 * @returns JSON text
 */
export function manifestText(manifest: ReleaseManifest): string {
  return canonicalJson(manifest);
}
