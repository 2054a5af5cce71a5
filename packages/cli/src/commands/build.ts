import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildArtifacts, staleArtifacts, writeArtifacts } from "@tollgate/artifacts";
import { ALL_RULES, IMAGE_RULE_PARAMETERS, LIBRARIES } from "./libraries.js";
import { readParamsFile } from "./params-file.js";

/** The version stamped on artifacts. */
export const ARTIFACT_VERSION = "0.1.0";

/** Usage of `tollgate build`. */
export const BUILD_USAGE = [
  "usage: tollgate build [--out DIR] [--params FILE] [--check]",
  "",
  "Compiles every rule of both libraries to every target and writes, under DIR (default: the",
  "current directory, the repository root):",
  "  policies-*/generated/<rule>/gatekeeper/  ConstraintTemplate, Constraint, gator suite",
  "  policies-*/generated/<rule>/kyverno/     ValidatingPolicy and .kyverno-test/",
  "  policies-*/generated/<rule>/vap/         ValidatingAdmissionPolicy and Binding",
  "  policies-*/generated/<rule>/opa/         the rule's Rego module",
  "  policies-opa/generated/opa-bundle/       OPA bundle sources (admission entrypoint, data.json)",
  "  policies-*/generated/catalogue.json      machine-readable catalogue",
  "  docs/rules/                              a page per rule and an index",
  "The output is deterministic: the same rules give the same bytes.",
  "",
  "  --out DIR       where to write (default: .)",
  "  --params FILE   YAML or JSON mapping rule id to parameters, overriding our defaults",
  "  --check         write nothing; exit 1 and list the files a build would change",
].join("\n");

/**
 * Runs `tollgate build`.
 *
 * @param args - the arguments after `build`
 * @returns the exit code
 */
export async function runBuild(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { out: { type: "string", default: "." }, params: { type: "string" }, check: { type: "boolean", default: false } },
    strict: true,
  });
  const outDir = resolve(values.out);
  const params = values.params ? readParamsFile(values.params, ALL_RULES, IMAGE_RULE_PARAMETERS) : {};
  const result = buildArtifacts(LIBRARIES, { version: ARTIFACT_VERSION, docsBaseUrl: "docs/rules/", params });
  if (values.check) {
    const stale = staleArtifacts(result, outDir, LIBRARIES);
    const lines = [...stale.changed.map((p) => `changed  ${p}`), ...stale.missing.map((p) => `missing  ${p}`), ...stale.extra.map((p) => `stale    ${p}`)];
    if (lines.length > 0) {
      process.stdout.write(`${lines.join("\n")}\n\n${lines.length} generated files are out of date: run 'npx tollgate build' and commit the result.\n`);
      return 1;
    }
    process.stdout.write(`generated files are up to date (${result.files.size} files)\n`);
    return 0;
  }
  writeArtifacts(result, outDir, LIBRARIES);
  const perLibrary = LIBRARIES.map((l) => {
    const extra = result.catalogue.filter((c) => c.library === l.name).length - l.rules.length;
    return `${l.name}: ${l.rules.length} rules${extra > 0 ? ` + ${extra} image-verification policies` : ""}`;
  }).join(", ");
  process.stdout.write(`wrote ${result.files.size} files under ${outDir} (${perLibrary})\n`);
  if (result.unsupported.length > 0) {
    process.stdout.write(`\ntargets that cannot express a rule (${result.unsupported.length}):\n`);
    for (const u of result.unsupported) process.stdout.write(`  ${u.rule} → ${u.target}: ${u.reason}\n`);
  } else {
    process.stdout.write("every IR rule compiled to every target (gatekeeper, opa, kyverno, vap); image-verification rules are Kyverno-only (see their pages)\n");
  }
  return 0;
}
