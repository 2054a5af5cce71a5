import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { RuleIR } from "@tollgate/rule-dsl";
import { bundleSourcesOf } from "@tollgate/compiler-rego";
import { DELIVERY_FOLDERS, deliveryFiles, EXAMPLE_REPOSITORY_URL } from "@tollgate/delivery";
import { SLO_DOCS_DIR, SLO_GENERATED_DIR, sloFiles } from "@tollgate/slo";
import { catalogueEntryOf, type CatalogueEntry } from "./catalogue.js";
import { indexPage, rulePage } from "./doc-pages.js";
import { ruleArtifacts, type BuildOptions, type UnsupportedTarget } from "./rule-artifacts.js";

/** Artifacts of a library's rules that are not written in the rule IR (such as Kyverno image verification). */
export interface ExtraArtifacts {
  /** Files by path relative to the output root. */
  readonly files: Readonly<Record<string, string>>;
  /** Their catalogue entries. */
  readonly catalogue: readonly CatalogueEntry[];
}

/** A rule library: its name, its folder (relative to the output root) and its rules. */
export interface Library {
  readonly name: string;
  readonly dir: string;
  readonly rules: readonly RuleIR[];
  /** Rules outside the IR, built by the library itself. */
  readonly extraArtifacts?: (options: BuildOptions) => ExtraArtifacts;
}

/** Everything a build writes, by path relative to the output root, and what it could not compile. */
export interface BuildResult {
  readonly files: ReadonlyMap<string, string>;
  readonly unsupported: readonly UnsupportedTarget[];
  readonly catalogue: readonly CatalogueEntry[];
  /** Folders the build owns beside the libraries' (the OPA bundle's, and the SLOs' when they were built). */
  readonly ownedExtra?: readonly string[];
}

/** Where a library's artifacts go: `<dir>/generated`, or `generated` for the root folder. */
function generatedDir(library: Library): string {
  return library.dir === "." || library.dir === "" ? "generated" : `${library.dir}/generated`;
}

/**
 * The folders a build owns and rewrites whole, relative to the output root.
 *
 * @param libraries - the libraries built
 * @param result - the build, for the folders it owns beside the libraries'
 * @returns the folders
 */
export function ownedFolders(libraries: readonly Library[], result?: BuildResult): string[] {
  return [
    ...libraries.map((l) => generatedDir(l)),
    "docs/rules",
    ...DELIVERY_FOLDERS,
    ...(result?.ownedExtra ?? []),
  ];
}

/**
 * Every artifact of every rule of the libraries, deterministically (same rules and options, same
 * bytes): per rule `<library>/generated/<id>/…` (its Rego module in `opa/`), the OPA bundle's
 * own sources (admission entrypoint, data.json) under `<library>/generated/opa-bundle/`, a
 * catalogue per library, doc pages under `docs/rules/`, and the manifests that deliver a pushed
 * release to clusters (`deploy/flux/`, `deploy/argocd/applications/`, `deploy/opa/`).
 *
 * @param libraries - the libraries
 * @param options - version, docs link and parameters
 * @returns the files and the summary
 */
export function buildArtifacts(libraries: readonly Library[], options: BuildOptions): BuildResult {
  const files = new Map<string, string>();
  const unsupported: UnsupportedTarget[] = [];
  const catalogue: CatalogueEntry[] = [];
  const ids = new Set<string>();
  for (const lib of libraries) {
    const entries: CatalogueEntry[] = [];
    for (const rule of lib.rules) {
      if (ids.has(rule.meta.id)) throw new Error(`rule id ${rule.meta.id} is defined twice`);
      ids.add(rule.meta.id);
      const artifacts = ruleArtifacts(rule, options);
      unsupported.push(...artifacts.unsupported);
      for (const [path, text] of Object.entries(artifacts.files))
        files.set(`${generatedDir(lib)}/${rule.meta.id}/${path}`, text);
      const entry = catalogueEntryOf(rule, lib.name, artifacts.unsupported, options.docsBaseUrl);
      entries.push(entry);
      files.set(
        `docs/rules/${rule.meta.id}.md`,
        rulePage(rule, entry, artifacts, options.admissionMessages?.[rule.meta.id]),
      );
    }
    const extra = lib.extraArtifacts?.(options);
    for (const entry of extra?.catalogue ?? []) {
      if (ids.has(entry.id)) throw new Error(`rule id ${entry.id} is defined twice`);
      ids.add(entry.id);
      entries.push(entry);
    }
    for (const [path, text] of Object.entries(extra?.files ?? {})) files.set(path, text);
    files.set(`${generatedDir(lib)}/catalogue.json`, `${JSON.stringify(entries, null, 2)}\n`);
    catalogue.push(...entries);
  }
  const rules = libraries.flatMap((l) => l.rules);
  const bundle = bundleSourcesOf(rules, (options.params ?? {}) as Record<string, Record<string, unknown>>);
  // The bundle sits with the Gatekeeper library's rules when it is built, else with the first group's.
  const bundleHome = libraries.find((l) => l.name === "policies-opa") ?? libraries[0];
  const bundleDir = `${bundleHome ? generatedDir(bundleHome) : "generated"}/opa-bundle`;
  // Each rule's module is committed once, in its own folder (`<rule>/opa/<id>.rego`, the same
  // text the bundle carries); the bundle's folder holds what belongs to no rule.
  for (const [path, text] of Object.entries(bundle.modules))
    if (!path.startsWith("tollgate/rules/")) files.set(`${bundleDir}/${path}`, text);
  files.set(`${bundleDir}/data.json`, `${JSON.stringify(bundle.data, null, 2)}\n`);
  files.set("docs/rules/README.md", indexPage(catalogue));
  // How clusters pull a pushed release: the Flux, Argo CD and OPA manifests.
  for (const [path, text] of deliveryFiles({ tag: options.version, repositoryUrl: EXAMPLE_REPOSITORY_URL }))
    files.set(path, text);
  // The services' AnalysisTemplates, canary components and objective pages.
  const slos = options.slos;
  if (slos) for (const [path, text] of sloFiles(slos.services, slos.generatedDir)) files.set(path, text);
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    unsupported,
    catalogue,
    // The bundle's folder is a library's, but for a project of SLOs alone.
    ownedExtra: [bundleDir, ...(slos ? [`${slos.generatedDir}/${SLO_GENERATED_DIR}`, SLO_DOCS_DIR] : [])],
  };
}

function listFiles(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? listFiles(root, p) : [relative(root, p)];
  });
}

/**
 * The differences between a build and what is on disk under the folders it owns.
 *
 * @param result - the build
 * @param outDir - the output root
 * @param libraries - the libraries built
 * @returns changed, added and stale files (paths relative to the output root)
 */
export function staleArtifacts(
  result: BuildResult,
  outDir: string,
  libraries: readonly Library[],
): { changed: string[]; missing: string[]; extra: string[] } {
  const onDisk = new Set(ownedFolders(libraries, result).flatMap((f) => listFiles(outDir, join(outDir, f))));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of result.files) {
    if (!onDisk.has(path)) missing.push(path);
    else if (readFileSync(join(outDir, path), "utf8") !== text) changed.push(path);
  }
  const extra = [...onDisk].filter((p) => !result.files.has(p)).sort();
  return { changed, missing, extra };
}

/**
 * Writes a build under the output root, replacing the folders it owns whole (so files of removed
 * rules disappear).
 *
 * @param result - the build
 * @param outDir - the output root
 * @param libraries - the libraries built
 */
export function writeArtifacts(result: BuildResult, outDir: string, libraries: readonly Library[]): void {
  for (const f of ownedFolders(libraries, result)) rmSync(join(outDir, f), { recursive: true, force: true });
  for (const [path, text] of result.files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}
