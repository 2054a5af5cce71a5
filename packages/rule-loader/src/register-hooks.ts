import { register } from "node:module";
import { transpileCacheDir } from "./transpile-cache.js";

let registered = false;

/**
 * Registers the TypeScript module hooks in this thread, once: after it, `import()` of a `.ts`
 * file loads it from source. Worker threads register their own.
 */
export function registerTypeScriptHooks(): void {
  if (registered) return;
  register("./typescript-hooks.js", import.meta.url, { data: { cacheDir: transpileCacheDir() } });
  // Stack traces of a rule that throws then point into its TypeScript source.
  process.setSourceMapsEnabled(true);
  registered = true;
}
