import { homedir } from "node:os";
import { join } from "node:path";
import type { ToolSpec } from "./tools.js";

/**
 * The folder that holds every installed tool, outside the source tree.
 * `TOLLGATE_TOOLS_DIR` overrides the default `~/.cache/tollgate/tools`.
 *
 * @returns an absolute path
 */
export function toolsCacheDir(): string {
  return process.env["TOLLGATE_TOOLS_DIR"] ?? join(homedir(), ".cache", "tollgate", "tools");
}

/**
 * The versioned folder of one tool, such as `~/.cache/tollgate/tools/opa-v1.22.3`.
 *
 * @param spec - the tool
 * @returns an absolute path
 */
export function toolDir(spec: ToolSpec): string {
  return join(toolsCacheDir(), `${spec.name}-${spec.version}${spec.variant ? `-${spec.variant}` : ""}`);
}

/**
 * Where a Go-built tool's binary lives inside its versioned folder.
 *
 * @param spec - the tool
 * @returns an absolute path
 */
export function cachedBinaryPath(spec: ToolSpec): string {
  return join(toolDir(spec), "bin", spec.name);
}

/**
 * The marker file written once a tool's install has completed and its version was checked.
 *
 * @param spec - the tool
 * @returns an absolute path
 */
export function installedMarkerPath(spec: ToolSpec): string {
  return join(toolDir(spec), ".installed");
}
