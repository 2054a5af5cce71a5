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
