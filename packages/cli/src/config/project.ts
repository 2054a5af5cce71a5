import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { yamlText, type ExtraArtifacts, type Library } from "@tollgate/artifacts";
import type { RuleIR } from "@tollgate/rule-dsl";
import {
  discoverRuleFiles,
  loadRuleFiles,
  type RuleFile,
  type RuleLibrary,
  type RuleLoadError,
} from "@tollgate/rule-loader";
import { checkParameters, type OtherRuleParameters, type ParamsByRule } from "./check-parameters.js";
import { loadConfig } from "./load-config.js";
import { loadSlos } from "./load-slos.js";
import type { ServiceSlos } from "@tollgate/slo";
import type { LibraryConfig, RuleSelection, TollgateConfig } from "./tollgate-config.js";

/** A policy repository as its configuration makes it: every rule, grouped by where it is built. */
export interface Project {
  /** The folder of the config file (or the current folder without one): every path is relative to it. */
  readonly root: string;
  /** The config file, when there is one. */
  readonly configFile: string | undefined;
  readonly config: TollgateConfig;
  /** The rule groups, each written under `<dir>/generated/`. */
  readonly libraries: readonly Library[];
  /** Every rule, with the configuration's enforcement and exclusions applied. */
  readonly rules: readonly RuleIR[];
  /** Every rule as its definition gives it (its examples are checked against these). */
  readonly definitions: readonly RuleIR[];
  /** The configuration's parameters, checked against the rules. */
  readonly params: ParamsByRule;
  /** Parameters of the rules outside the IR (Kyverno image verification). */
  readonly otherRuleParameters: OtherRuleParameters;
  /** The project's own rule files. */
  readonly ruleFiles: readonly RuleFile[];
  /** The services' SLOs (`slos/<service>/slo.ts`), built beside the project's own rules. */
  readonly slos: readonly ServiceSlos[];
  /** Their files, type-checked with the rule files. */
  readonly sloFiles: readonly RuleFile[];
  /** The project's own `generated` folder (relative to its root): where its SLOs are built. */
  readonly generatedDir: string;
  /** The rules (and SLO definitions) that did not load, each naming its file; the others are in `rules` (and `slos`). */
  readonly errors: readonly RuleLoadError[];
}

/** The libraries used when there is no config file: every rule of both. */
const DEFAULT_LIBRARIES: readonly LibraryConfig[] = [
  { package: "@tollgate/policies-kyverno" },
  { package: "@tollgate/policies-opa" },
];

/**
 * Loads the project: its configuration (`--config FILE` or `tollgate.config.*` in the folder),
 * the team's own rules from their folders (from source) and the library rules it selects, with
 * enforcement, namespace exclusions and parameters applied. Without a config file, every rule
 * of both libraries is used, plus `rules/` when that folder exists.
 *
 * @param configFile - the `--config` option, if given
 * @param cwd - the folder to start from
 * @returns the project; rules that did not load are in `errors`
 * @throws for a bad configuration, a library that cannot be found, or an unknown rule id in it
 */
export async function loadProject(configFile?: string, cwd: string = process.cwd()): Promise<Project> {
  const { config, file, root } = await loadConfig(configFile, cwd);
  const ownFolders = (config.rules ?? ["rules"]).map((f) => resolve(root, f));
  const ruleFiles =
    config.rules !== undefined || existsSync(join(root, "rules")) ? discoverRuleFiles(ownFolders) : [];
  const own = await loadRuleFiles(ruleFiles);
  const slos = await loadSlos(root, config.slos);
  const groups = new Map<
    string,
    {
      name: string;
      dir: string;
      rules: RuleIR[];
      extra: ((o: Parameters<NonNullable<Library["extraArtifacts"]>>[0]) => ExtraArtifacts)[];
    }
  >();
  const ownDir = normalizeDir(relative(root, resolve(root, config.out ?? ".")));
  const ownName = config.name ?? packageName(root) ?? basename(root);
  const groupOf = (name: string, dir: string) => {
    let g = groups.get(dir);
    if (!g) groups.set(dir, (g = { name, dir, rules: [], extra: [] }));
    return g;
  };
  if (own.rules.length > 0) groupOf(ownName, ownDir).rules.push(...own.rules.map((r) => r.rule));
  const otherRuleParameters: Record<string, Record<string, { schema: { type: string } }>> = {};
  for (const selection of file === undefined ? DEFAULT_LIBRARIES : (config.libraries ?? [])) {
    const library = findLibrary(selection.package, root);
    const files = discoverRuleFiles([library.rulesDir]);
    // Rules chosen by id alone are the only ones loaded; a category or a gate needs every rule's metadata.
    const include = selection.include ?? "all";
    const byIdOnly = include !== "all" && include.categories === undefined && include.gates === undefined;
    const wanted = byIdOnly ? files.filter((f) => (include.ids ?? []).includes(f.folderName)) : files;
    const { rules, errors } = await loadRuleFiles(wanted);
    if (errors.length > 0)
      throw new Error(
        `library ${selection.package}: ${errors.map((e) => `${e.file}: ${e.message}`).join("; ")}`,
      );
    const all = rules.map((r) => r.rule);
    const known = new Set(files.map((f) => f.folderName));
    // The image-verification rules are built by the library's own code, loaded only when taken.
    const images = include === "all" ? imageRulesOf(await library.module()) : NO_IMAGE_RULES;
    for (const id of [
      ...(selection.exclude ?? []),
      ...(selection.include !== undefined && selection.include !== "all"
        ? (selection.include.ids ?? [])
        : []),
    ]) {
      if (images.ids.includes(id))
        throw new Error(
          `${file ?? "config"}: ${id} is an image-verification rule of ${selection.package}: those come together, with include: "all"`,
        );
      if (!known.has(id))
        throw new Error(`${file ?? "config"}: library ${selection.package} has no rule "${id}"`);
    }
    const taken = all.filter((r) => selects(selection, r.meta.id, r.meta.category, r.meta.gate));
    const dir =
      selection.out === undefined ? ownDir : normalizeDir(relative(root, resolve(root, selection.out)));
    const group = groupOf(selection.out === undefined ? ownName : library.name, dir);
    group.rules.push(...taken);
    // The image-verification rules are built together, so they come with `include: "all"` only.
    const takenImages = images.ids;
    if (images.build && takenImages.length > 0) {
      const build = images.build;
      group.extra.push((o) => {
        const built = build({
          version: o.version,
          docsBaseUrl: o.docsBaseUrl,
          params: (o.params ?? {}) as Record<string, Record<string, unknown>>,
          yamlText,
          dir,
        });
        return { files: built.files, catalogue: built.catalogue.map((c) => ({ ...c, constraintKind: "" })) };
      });
      for (const id of takenImages) otherRuleParameters[id] = images.parameters[id] ?? {};
    }
  }
  const libraries: Library[] = [...groups.values()].map((g) => ({
    name: g.name,
    dir: g.dir,
    rules: g.rules
      .map((r) => configured(r, config))
      .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0)),
    ...(g.extra.length > 0 ? { extraArtifacts: (o) => mergeExtras(g.extra.map((f) => f(o))) } : {}),
  }));
  const rules = libraries.flatMap((l) => l.rules);
  const definitions = [...groups.values()].flatMap((g) => g.rules);
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const [what, map] of [
    ["enforcement", config.enforcement],
    ["ruleExcludedNamespaces", config.ruleExcludedNamespaces],
  ] as const) {
    for (const id of Object.keys(map ?? {}))
      if (!ids.has(id))
        throw new Error(`${file ?? "config"}: ${what}.${id}: no rule of the project has this id`);
  }
  const params = checkParameters(
    config.parameters ?? {},
    rules,
    otherRuleParameters,
    `${file ?? "config"}: parameters`,
  );
  return {
    root,
    configFile: file,
    config,
    libraries,
    rules,
    definitions,
    params,
    otherRuleParameters,
    ruleFiles,
    slos: slos.services,
    sloFiles: slos.files,
    generatedDir: ownDir === "." ? "generated" : `${ownDir}/generated`,
    errors: [...own.errors, ...slos.errors],
  };
}

function normalizeDir(dir: string): string {
  return dir === "" ? "." : dir;
}

function packageName(root: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown }).name;
    return typeof name === "string" ? name.replace(/^@[^/]+\//, "") : undefined;
  } catch {
    return undefined;
  }
}

function selects(selection: LibraryConfig, id: string, category: string, gate: number): boolean {
  if ((selection.exclude ?? []).includes(id)) return false;
  const include: "all" | RuleSelection = selection.include ?? "all";
  if (include === "all") return true;
  return (
    (include.ids ?? []).includes(id) ||
    (include.categories ?? []).includes(category) ||
    (include.gates ?? []).includes(gate)
  );
}

/** The rule with the configuration's enforcement and namespace exclusions. */
function configured(rule: RuleIR, config: TollgateConfig): RuleIR {
  const enforcement = config.enforcement?.[rule.meta.id];
  const extra = [
    ...(config.excludedNamespaces ?? []),
    ...(config.ruleExcludedNamespaces?.[rule.meta.id] ?? []),
  ];
  const excluded = [...new Set([...rule.match.excludedNamespaces, ...extra])];
  if (enforcement === undefined && excluded.length === rule.match.excludedNamespaces.length) return rule;
  return {
    ...rule,
    ...(enforcement === undefined || enforcement === "deny" ? {} : { enforcement }),
    match: { ...rule.match, excludedNamespaces: excluded },
  };
}

interface ImageRules {
  readonly ids: readonly string[];
  readonly parameters: OtherRuleParameters;
  readonly build:
    | ((o: {
        version: string;
        docsBaseUrl: string;
        params: Record<string, Record<string, unknown>>;
        yamlText: typeof yamlText;
        dir: string;
      }) => { files: Record<string, string>; catalogue: ExtraArtifacts["catalogue"] })
    | undefined;
}

const NO_IMAGE_RULES: ImageRules = { ids: [], parameters: {}, build: undefined };

/** The rules a library builds itself outside the IR (Kyverno image verification), if it has any. */
function imageRulesOf(module: Record<string, unknown>): ImageRules {
  const rules = module["KYVERNO_IMAGE_RULES"];
  const build = module["imageRuleArtifacts"];
  if (!Array.isArray(rules) || typeof build !== "function") return NO_IMAGE_RULES;
  const list = rules as { id: string; parameters: Record<string, { schema: { type: string } }> }[];
  return {
    ids: list.map((r) => r.id),
    parameters: Object.fromEntries(list.map((r) => [r.id, r.parameters])),
    build: build as ImageRules["build"],
  };
}

function mergeExtras(extras: readonly ExtraArtifacts[]): ExtraArtifacts {
  return {
    files: Object.assign({}, ...extras.map((e) => e.files)) as Record<string, string>,
    catalogue: extras.flatMap((e) => e.catalogue),
  };
}

/** A rule library found through its package.json's `tollgate` field. */
interface FoundLibrary extends RuleLibrary {
  /** Imports the library's module (its own code beside the rules). */
  readonly module: () => Promise<Record<string, unknown>>;
}

/**
 * Finds a rule library's package, resolved from the project's folder first (the version the team
 * installed), else from the CLI's own dependencies. Its package.json says what it is:
 * `"tollgate": { "library": NAME, "rules": FOLDER }`; its rules are read from that folder
 * without importing the package, so that only the rules a project takes are loaded.
 */
function findLibrary(pkg: string, root: string): FoundLibrary {
  let manifest: string | undefined;
  for (const from of [join(root, "package.json"), import.meta.filename]) {
    try {
      manifest = createRequire(from).resolve(`${pkg}/package.json`);
      break;
    } catch {
      // try the next place
    }
  }
  if (manifest === undefined)
    throw new Error(`library ${pkg} is not installed: run 'npm install ${pkg}' in ${root}`);
  const field = (
    JSON.parse(readFileSync(manifest, "utf8")) as { tollgate?: { library?: unknown; rules?: unknown } }
  ).tollgate;
  if (typeof field?.library !== "string" || typeof field.rules !== "string") {
    throw new Error(
      `${pkg} is not a Tollgate rule library: its package.json has no "tollgate": { "library": NAME, "rules": FOLDER }`,
    );
  }
  const entry = createRequire(manifest).resolve(pkg);
  return {
    name: field.library,
    rulesDir: join(dirname(manifest), field.rules),
    module: async () => (await import(pathToFileURL(entry).href)) as Record<string, unknown>,
  };
}
