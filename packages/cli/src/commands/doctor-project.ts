import { relative } from "node:path";
import { formatRuleLoadError } from "@tollgate/rule-loader";
import { loadProject } from "../config/project.js";

/**
 * The project part of `tollgate doctor`: which configuration applies, how many rules each group
 * has and where it is built, and every rule that does not load.
 *
 * @param configFile - the `--config` option, if given
 * @returns the lines, and whether the project loads cleanly
 */
export async function projectLines(
  configFile: string | undefined,
): Promise<{ lines: string[]; ok: boolean }> {
  const here = (f: string) => relative(process.cwd(), f) || ".";
  try {
    const project = await loadProject(configFile);
    const lines = [
      `project: ${project.configFile ? here(project.configFile) : "no tollgate.config here: every rule of both libraries, and rules/ if it exists"}`,
    ];
    if (project.ruleFiles.length > 0)
      lines.push(
        `  own rules: ${project.ruleFiles.length} rule files under ${[...new Set(project.ruleFiles.map((f) => here(f.root)))].join(", ")}`,
      );
    for (const l of project.libraries)
      lines.push(
        `  ${l.name}: ${l.rules.length} rules, built into ${l.dir === "." ? "generated/" : `${l.dir}/generated/`}`,
      );
    for (const e of project.errors) lines.push(`  error: ${formatRuleLoadError(e, here)}`);
    lines.push(
      project.errors.length === 0
        ? `${project.rules.length} rules load`
        : `${project.errors.length} rules do not load`,
    );
    return { lines, ok: project.errors.length === 0 };
  } catch (e) {
    return { lines: [`project: ${e instanceof Error ? e.message : String(e)}`], ok: false };
  }
}
