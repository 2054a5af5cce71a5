import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runCommand } from "@tollgate/toolchain";

/**
 * The builtins `policy.wasm` may call: those native to OPA's wasm runtime and those the
 * opa-wasm SDK supplies. A bundle that needs any other builtin fails at build time.
 *
 * @param opa - path of the opa binary
 * @returns the capabilities JSON
 */
export async function wasmCapabilities(opa: string): Promise<string> {
  const current = await runCommand(opa, ["capabilities", "--current"]);
  if (current.code !== 0) throw new Error(`opa capabilities failed: ${current.stderr}`);
  const all = JSON.parse(current.stdout) as { builtins: { name: string }[] };
  const allowed = new Set(
    (
      JSON.parse(readFileSync(sdkCapabilitiesPath(), "utf8")) as { builtins: { name: string }[] }
    ).builtins.map((b) => b.name),
  );
  return JSON.stringify({ ...all, builtins: all.builtins.filter((b) => allowed.has(b.name)) }, null, 2);
}

/**
 * Where the opa-wasm SDK lists the builtins it supplies.
 *
 * @returns the path of its `capabilities.json`
 */
export function sdkCapabilitiesPath(): string {
  return join(
    packageRootOf(createRequire(import.meta.url).resolve("@open-policy-agent/opa-wasm")),
    "capabilities.json",
  );
}

function packageRootOf(entry: string): string {
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** What {@link buildOpaWasmBundle} builds. */
export interface OpaWasmBundleSources {
  /** Every file of the bundle by its path inside it: Rego modules, `data.json`, a `.manifest`. */
  readonly files: Readonly<Record<string, string>>;
  /** The wasm entrypoints (`tollgate/admission/decisions`). */
  readonly entrypoints: readonly string[];
  /** More `opa build` options: a revision, OPA's own bundle signing. */
  readonly options?: readonly string[];
}

/**
 * Builds a wasm bundle with `opa build -t wasm` under the restricted capabilities of
 * {@link wasmCapabilities}: the files are written to `dir/bundle` and built from there, so the
 * paths in the archive and in `policy.wasm` are relative to the bundle (the same sources give
 * the same bytes wherever `dir` is). The archive `opa build` writes is reproducible (sorted,
 * mtime 0).
 *
 * @param opa - path of the opa binary
 * @param dir - an empty folder to build in
 * @param sources - the bundle's files, entrypoints and further options
 * @returns the path of the built archive, `dir/bundle.tar.gz`
 */
export async function buildOpaWasmBundle(
  opa: string,
  dir: string,
  sources: OpaWasmBundleSources,
): Promise<string> {
  const root = join(dir, "bundle");
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(sources.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const capabilities = join(dir, "capabilities.json");
  writeFileSync(capabilities, await wasmCapabilities(opa));
  const out = join(dir, "bundle.tar.gz");
  const args = [
    "build",
    "-t",
    "wasm",
    "-b",
    ".",
    "--capabilities",
    capabilities,
    ...(sources.options ?? []),
    "-o",
    out,
  ];
  for (const e of sources.entrypoints) args.push("-e", e);
  const r = await runCommand(opa, args, { cwd: root });
  if (r.code !== 0) throw new Error(`opa build -t wasm failed:\n${r.stderr}${r.stdout}`);
  return out;
}
