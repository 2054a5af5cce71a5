import { existsSync } from "node:fs";
import { join } from "node:path";
import { toolDir } from "./cache.js";
import { ensureTool } from "./install.js";
import { toolSpec, type ToolName } from "./tools.js";

const resolved = new Map<ToolName, Promise<string>>();

/**
 * The path of a pinned tool's binary, installing it first when it is missing. Tests and
 * commands call this instead of assuming a binary on PATH. The answer is memoised per process.
 *
 * @param name - the tool
 * @returns the absolute path of its binary
 */
export function requireTool(name: ToolName): Promise<string> {
  let found = resolved.get(name);
  if (!found) {
    found = ensureTool(toolSpec(name), (line) => process.stderr.write(`${line}\n`)).then((r) => r.tool.path);
    resolved.set(name, found);
  }
  return found;
}

/**
 * The path of a file or folder a pinned tool keeps beside its binary (its `assets`, such as
 * CRDs), installing the tool first when it is missing.
 *
 * @param name - the tool
 * @param path - the asset's path inside the tool's versioned folder (`share/gatekeeper.yaml`)
 * @returns its absolute path
 * @throws when the tool was found outside Tollgate's cache, without its assets
 */
export async function requireToolAsset(name: ToolName, path: string): Promise<string> {
  await requireTool(name);
  const spec = toolSpec(name);
  const asset = join(toolDir(spec), path);
  if (!existsSync(asset))
    throw new Error(
      `${name} ${spec.version} has no ${path} in ${toolDir(spec)}: run "npx tollgate install-tools ${name}" to install it with its files`,
    );
  return asset;
}
