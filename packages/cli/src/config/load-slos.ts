import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServiceSlos } from "@tollgate/slo";
import {
  discoverRuleFiles,
  registerTypeScriptHooks,
  type RuleFile,
  type RuleLoadError,
} from "@tollgate/rule-loader";

/** The file that defines a service's objectives, in a folder named after the service. */
export const SLO_FILE = "slo.ts";

/** The services' objectives that loaded, their files, and an error per file that did not. */
export interface LoadedSlos {
  readonly services: readonly ServiceSlos[];
  readonly files: readonly RuleFile[];
  readonly errors: readonly RuleLoadError[];
}

function isServiceSlos(value: unknown): value is ServiceSlos {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<ServiceSlos>;
  return typeof v.service === "string" && Array.isArray(v.slos) && typeof v.analysis === "object";
}

/**
 * Finds and loads the project's SLO definitions (`<folder>/<service>/slo.ts`, from their
 * TypeScript source): the configured folders, or `slos/` when it exists. An error in one (it
 * does not load, a field is wrong, its service differs from its folder) names its file and does
 * not hide the others.
 *
 * @param root - the project's folder
 * @param folders - the configured folders, if any
 * @returns the services, files and errors
 */
export async function loadSlos(root: string, folders: readonly string[] | undefined): Promise<LoadedSlos> {
  const configured = folders ?? (existsSync(join(root, "slos")) ? ["slos"] : []);
  const files = discoverRuleFiles(
    configured.map((f) => resolve(root, f)),
    SLO_FILE,
  );
  if (files.length === 0) return { services: [], files, errors: [] };
  registerTypeScriptHooks();
  const services: ServiceSlos[] = [];
  const errors: RuleLoadError[] = [];
  for (const file of files) {
    const fail = (message: string) => errors.push({ file: file.file, rule: file.folderName, message });
    let value: unknown;
    try {
      value = ((await import(pathToFileURL(file.file).href)) as { default?: unknown }).default;
    } catch (e) {
      fail(`could not load: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (!isServiceSlos(value)) {
      fail(
        "slo.ts must export the service's objectives as its default export: `export default defineServiceSlos({ … })`",
      );
    } else if (value.service !== file.folderName) {
      fail(
        `the service "${value.service}" differs from its folder's name "${file.folderName}": make them the same`,
      );
    } else if (services.some((s) => s.service === value.service)) {
      fail(`two SLO definitions are for the service ${value.service}`);
    } else services.push(value);
  }
  return { services: services.sort((a, b) => (a.service < b.service ? -1 : 1)), files, errors };
}
