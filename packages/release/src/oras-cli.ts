import { createHash } from "node:crypto";
import { requireTool, runCommand, type CommandResult } from "@tollgate/toolchain";
import { isLoopbackRegistry, parseOciReference } from "./oci-reference.js";

/** One file pushed as a layer: its name in the working folder and its media type. */
export interface OrasFile {
  /** File name relative to the working folder (it becomes the layer's title). */
  readonly name: string;
  readonly mediaType: string;
}

/** What `oras push` pushes. */
export interface OrasPushOptions {
  /** The target reference (`host/repo:tag`). */
  readonly ref: string;
  /** The folder the files are in. */
  readonly cwd: string;
  readonly files: readonly OrasFile[];
  /** An image config file (in `cwd`) and its media type: makes an image manifest (spec v1.0). */
  readonly config?: OrasFile;
  /** The artifact type (spec v1.1 artifact manifest with an empty config). */
  readonly artifactType?: string;
  /** Manifest annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A manifest in a registry: its digest, media type and size. */
export interface OciDescriptor {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** An OCI image manifest, as far as Tollgate reads it. */
export interface OciManifest {
  readonly schemaVersion: number;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config: OciDescriptor;
  readonly layers: readonly (OciDescriptor & { readonly annotations?: Readonly<Record<string, string>> })[];
  readonly annotations?: Readonly<Record<string, string>>;
}

function transportFlags(ref: string): string[] {
  return isLoopbackRegistry(parseOciReference(ref).registry) ? ["--plain-http"] : [];
}

async function oras(args: string[], cwd?: string): Promise<CommandResult> {
  const bin = await requireTool("oras");
  return runCommand(bin, args, { ...(cwd ? { cwd } : {}), timeoutMs: 5 * 60_000 });
}

function check(r: CommandResult, what: string): void {
  if (r.code !== 0)
    throw new Error(
      `${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ")}`,
    );
}

/**
 * Pushes files as one OCI manifest with the real `oras` (plain HTTP only for a loopback
 * registry).
 *
 * @param o - what to push and where
 * @returns the pushed manifest's descriptor
 */
export async function orasPush(o: OrasPushOptions): Promise<OciDescriptor> {
  const args = ["push", "--no-tty", "--format", "json", ...transportFlags(o.ref)];
  if (o.config) args.push("--config", `${o.config.name}:${o.config.mediaType}`);
  if (o.artifactType) args.push("--artifact-type", o.artifactType);
  for (const [k, v] of Object.entries(o.annotations ?? {})) args.push("--annotation", `${k}=${v}`);
  args.push(o.ref, ...o.files.map((f) => `${f.name}:${f.mediaType}`));
  const r = await oras(args, o.cwd);
  check(r, `oras push ${o.ref}`);
  const out = JSON.parse(r.stdout) as { digest?: string; mediaType?: string; size?: number };
  if (!out.digest || !out.mediaType || typeof out.size !== "number")
    throw new Error(`oras push ${o.ref}: unexpected output ${r.stdout.slice(0, 200)}`);
  return { digest: out.digest, mediaType: out.mediaType, size: out.size };
}

/**
 * Resolves a tag (or checks a digest) to the manifest digest the registry holds now.
 *
 * @param ref - `host/repo:tag` or `host/repo@sha256:…`
 * @returns `sha256:<hex>`
 */
export async function orasResolve(ref: string): Promise<string> {
  const r = await oras(["resolve", ...transportFlags(ref), ref]);
  check(r, `oras resolve ${ref}`);
  const digest = r.stdout.trim();
  if (!/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error(`oras resolve ${ref}: unexpected output ${digest.slice(0, 100)}`);
  return digest;
}

/**
 * Fetches a manifest by digest and checks that its bytes hash to that digest.
 *
 * @param digestRef - `host/repo@sha256:…`
 * @returns the parsed manifest
 */
export async function orasFetchManifest(digestRef: string): Promise<OciManifest> {
  const r = await oras(["manifest", "fetch", ...transportFlags(digestRef), digestRef]);
  check(r, `oras manifest fetch ${digestRef}`);
  const expected = parseOciReference(digestRef).digest;
  const actual = `sha256:${createHash("sha256").update(r.stdout, "utf8").digest("hex")}`;
  if (expected && actual !== expected)
    throw new Error(`oras manifest fetch ${digestRef}: the manifest's bytes hash to ${actual}`);
  return JSON.parse(r.stdout) as OciManifest;
}

/**
 * Pulls an artifact's files into a folder with the real `oras`.
 *
 * @param ref - the reference (by digest, to pull exactly what was checked)
 * @param outDir - where to write the files
 */
export async function orasPull(ref: string, outDir: string): Promise<void> {
  check(await oras(["pull", "--no-tty", ...transportFlags(ref), "-o", outDir, ref]), `oras pull ${ref}`);
}
