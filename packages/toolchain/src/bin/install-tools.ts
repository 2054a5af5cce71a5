#!/usr/bin/env node
/**
 * Installs every pinned tool (or the ones named as arguments) into the versioned cache.
 * A second run finds them cached and returns at once. Exits 1 naming the tool, the command
 * and the error when an install fails.
 */
import { ensureTool, ToolInstallError } from "../install.js";
import { TOOLS, type ToolSpec } from "../tools.js";

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !TOOLS.some((t) => t.name === n));
if (unknown.length > 0) {
  console.error(`unknown tool(s): ${unknown.join(", ")}; known: ${TOOLS.map((t) => t.name).join(", ")}`);
  process.exit(2);
}
const specs: ToolSpec[] = wanted.length > 0 ? TOOLS.filter((t) => wanted.includes(t.name)) : [...TOOLS];
let failed = 0;
for (const spec of specs) {
  try {
    const r = await ensureTool(spec, (line) => console.error(`[tools] ${line}`));
    const how = r.installed ? `installed in ${r.installSeconds.toFixed(1)} s` : `already present (${r.tool.source})`;
    console.error(`[tools] ${spec.name.padEnd(16)} ${spec.version.padEnd(8)} ${how}: ${r.tool.path}`);
  } catch (e) {
    failed++;
    console.error(e instanceof ToolInstallError ? `[tools] ${e.message}` : `[tools] installing ${spec.name} failed: ${String(e)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
