import { relative } from "node:path";
import { formatRuleLoadError } from "@tollgate/rule-loader";
import type { ParamsByRule } from "./check-parameters.js";
import { readParamsFile } from "../commands/params-file.js";
import { loadProject, type Project } from "./project.js";

/** The `--config` option every command takes, for `parseArgs`. */
export const CONFIG_OPTION = { config: { type: "string" } } as const;

/** The usage line of `--config`. */
export const CONFIG_USAGE =
  "  --config FILE   the project's configuration (default: tollgate.config.ts, .mjs or .json here)";

/** A project opened for a command, with the parameters to use. */
export interface OpenProject {
  readonly project: Project;
  /** The configuration's parameters, with a `--params` file's over them. */
  readonly params: ParamsByRule;
  /** Whether a rule did not load (each was reported): the command then ends with exit 2. */
  readonly ruleErrors: boolean;
}

/**
 * Opens the project for a command: loads the configuration and the rules, reports every rule
 * that did not load on standard error (file, line, rule and message), and merges a `--params`
 * file over the configured parameters. The other rules are still used.
 *
 * @param options - the command's `--config` and `--params`
 * @returns the project
 */
export async function openProject(options: {
  config?: string | undefined;
  params?: string | undefined;
}): Promise<OpenProject> {
  const project = await loadProject(options.config);
  for (const e of project.errors)
    process.stderr.write(`error: ${formatRuleLoadError(e, (f) => relative(process.cwd(), f))}\n`);
  const fromFile = options.params
    ? readParamsFile(options.params, project.rules, project.otherRuleParameters)
    : {};
  const params: ParamsByRule = { ...project.params };
  for (const [id, p] of Object.entries(fromFile)) params[id] = { ...(params[id] ?? {}), ...p };
  return { project, params, ruleErrors: project.errors.length > 0 };
}
