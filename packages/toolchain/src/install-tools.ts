import { ensureTool, ToolInstallError } from "./install.js";
import { installableTools, TOOLS, type ToolSpec } from "./tools.js";

/**
 * Installs every pinned tool, or the ones named, into the versioned cache; a tool already
 * present is skipped. Each outcome is logged; a failure names the tool, the command and the
 * error, and the other tools are still installed.
 *
 * @param names - tool names (all when empty)
 * @param log - receives progress lines
 * @returns how many tools failed
 * @throws naming unknown tools, before installing anything
 */
export async function installTools(names: readonly string[], log: (line: string) => void): Promise<number> {
  const unknown = names.filter((n) => !TOOLS.some((t) => t.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown tool(s): ${unknown.join(", ")}; known: ${TOOLS.map((t) => t.name).join(", ")}`);
  const specs: ToolSpec[] =
    names.length > 0 ? TOOLS.filter((t) => names.includes(t.name)) : installableTools();
  let failed = 0;
  for (const spec of specs) {
    try {
      const r = await ensureTool(spec, log);
      const how = r.installed
        ? `installed in ${r.installSeconds.toFixed(1)} s`
        : `already present (${r.tool.source})`;
      log(`${spec.name.padEnd(18)} ${spec.version.padEnd(8)} ${how}: ${r.tool.path}`);
    } catch (e) {
      failed++;
      log(e instanceof ToolInstallError ? e.message : `installing ${spec.name} failed: ${String(e)}`);
    }
  }
  return failed;
}
