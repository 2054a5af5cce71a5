import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildArtifacts, staleArtifacts, TARGETS, writeArtifacts } from "@tollgate/artifacts";
import { formatRuleLoadError, typecheckRuleFiles } from "@tollgate/rule-loader";
import { CONFIG_OPTION, CONFIG_USAGE, openProject } from "../config/open-project.js";
import { TOLLGATE_VERSION } from "../version.js";
import { readAdmissionMessages } from "./admission-messages.js";

/** Usage of `tollgate build`. */
export const BUILD_USAGE = [
  "usage: tollgate build [--out DIR] [--params FILE] [--config FILE] [--check]",
  "",
  "Type-checks the project's own rule files, then compiles every rule of the project (its own",
  "rules and the library rules tollgate.config takes) to every target and writes, under DIR",
  "(default: the project's folder):",
  "  <out>/generated/<rule>/gatekeeper/  ConstraintTemplate, Constraint, gator suite",
  "  <out>/generated/<rule>/kyverno/     ValidatingPolicy and .kyverno-test/",
  "  <out>/generated/<rule>/kyverno-cluster-policy/",
  "                                      the same CEL as a ClusterPolicy (validate.cel), for",
  "                                      Kyverno before ValidatingPolicy, and .kyverno-test/",
  "  <out>/generated/<rule>/vap/         ValidatingAdmissionPolicy and Binding",
  "  <out>/generated/<rule>/opa/         the rule's Rego module",
  "  <out>/generated/opa-bundle/         OPA bundle sources (admission entrypoint, data.json)",
  "  <out>/generated/catalogue.json      machine-readable catalogue",
  "  docs/rules/                         a page per rule and an index (with what kubectl prints",
  "                                      at admission, from admission-messages.json when recorded)",
  "  <out>/generated/slo/<service>/      from slos/<service>/slo.ts: the Argo Rollouts AnalysisTemplate",
  "                                      and a kustomize Component setting the Rollout's canary steps",
  "  docs/slo/                           a page per service level objective and an index",
  "(<out> is the config's 'out', or a library's own 'out'.) Rules are read from their source:",
  "an edit shows in the next build with no other step. The output is deterministic.",
  "",
  "  --out DIR       where to write (default: the folder of tollgate.config)",
  "  --params FILE   YAML or JSON mapping rule id to parameters, over the configured ones",
  CONFIG_USAGE,
  "  --check         write nothing; exit 1 and list the files a build would change",
  "",
  "Exit 0 built (or up to date), 1 out of date (--check), 2 a rule does not load or type-check.",
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
    options: {
      out: { type: "string" },
      params: { type: "string" },
      check: { type: "boolean", default: false },
      ...CONFIG_OPTION,
    },
    strict: true,
  });
  const { project, params, ruleErrors } = await openProject(values);
  const typeErrors = await typecheckRuleFiles([...project.ruleFiles, ...project.sloFiles]);
  for (const e of typeErrors)
    process.stderr.write(`error: ${formatRuleLoadError(e, (f) => relative(process.cwd(), f))}\n`);
  if (ruleErrors || typeErrors.length > 0) {
    process.stderr.write("tollgate build: nothing written: fix the rules above first\n");
    return 2;
  }
  const libraries = project.libraries;
  const outDir = resolve(project.root, values.out ?? ".");
  const result = buildArtifacts(libraries, {
    version: TOLLGATE_VERSION,
    docsBaseUrl: "docs/rules/",
    params,
    admissionMessages: readAdmissionMessages(project.root),
    slos: { services: project.slos, generatedDir: project.generatedDir },
  });
  if (values.check) {
    const stale = staleArtifacts(result, outDir, libraries);
    const lines = [
      ...stale.changed.map((p) => `changed  ${p}`),
      ...stale.missing.map((p) => `missing  ${p}`),
      ...stale.extra.map((p) => `stale    ${p}`),
    ];
    if (lines.length > 0) {
      process.stdout.write(
        `${lines.join("\n")}\n\n${lines.length} generated files are out of date: run 'npx tollgate build' and commit the result.\n`,
      );
      return 1;
    }
    process.stdout.write(`generated files are up to date (${result.files.size} files)\n`);
    return 0;
  }
  writeArtifacts(result, outDir, libraries);
  const perLibrary = libraries
    .map((l) => {
      const extra = result.catalogue.filter((c) => c.library === l.name).length - l.rules.length;
      return `${l.name}: ${l.rules.length} rules${extra > 0 ? ` + ${extra} image-verification policies` : ""}`;
    })
    .join(", ");
  const services =
    project.slos.length > 0 ? `, SLOs of ${project.slos.map((s) => s.service).join(", ")}` : "";
  process.stdout.write(
    `wrote ${result.files.size} files under ${outDir} (${perLibrary || "no rules"}${services})\n`,
  );
  if (result.unsupported.length > 0) {
    process.stdout.write(`\ntargets that cannot express a rule (${result.unsupported.length}):\n`);
    for (const u of result.unsupported) process.stdout.write(`  ${u.rule} → ${u.target}: ${u.reason}\n`);
  } else {
    process.stdout.write(
      `every IR rule compiled to every target (${TARGETS.join(", ")}); image-verification rules are Kyverno-only (see their pages)\n`,
    );
  }
  return 0;
}
