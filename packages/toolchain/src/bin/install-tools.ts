#!/usr/bin/env node
/**
 * Installs every pinned tool (or the ones named as arguments) into the versioned cache.
 * A second run finds them cached and returns at once. Exits 1 naming the tool, the command
 * and the error when an install fails, 2 for an unknown tool.
 */
import { installTools } from "../install-tools.js";

try {
  const failed = await installTools(process.argv.slice(2), (line) => console.error(`[tools] ${line}`));
  process.exit(failed > 0 ? 1 : 0);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
}
