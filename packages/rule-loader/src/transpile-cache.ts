import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type ts from "typescript";

/** Bumped whenever the transpiled form would change for the same source. */
const TRANSPILE_FORMAT = "1";

/**
 * The folder transpiled rule sources are cached in: `$TOLLGATE_CACHE_DIR/transpiled`, else
 * `$XDG_CACHE_HOME/tollgate/transpiled`, else `~/.cache/tollgate/transpiled`.
 *
 * @returns its absolute path
 */
export function transpileCacheDir(): string {
  const base =
    process.env["TOLLGATE_CACHE_DIR"] ??
    join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "tollgate");
  return join(base, "transpiled");
}

type TypeScript = typeof ts;
let typescript: TypeScript | undefined;

/**
 * TypeScript source to JavaScript (an ES module), cached by the hash of the source and the
 * compiler's version, so that a file that did not change is not transpiled again and the
 * compiler is not even loaded. Types are only erased here: {@link typecheckRuleFiles} checks them.
 *
 * @param source - the TypeScript text
 * @param fileName - its path, for source maps and messages
 * @param cacheDir - where to cache (see {@link transpileCacheDir})
 * @returns the JavaScript text
 */
export async function transpileTypeScript(
  source: string,
  fileName: string,
  cacheDir: string,
): Promise<string> {
  const key = createHash("sha256")
    .update(TRANSPILE_FORMAT)
    .update("\0")
    .update(fileName)
    .update("\0")
    .update(source)
    .digest("hex");
  const cached = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  // Loaded only on a cache miss: most runs never pay for the compiler.
  typescript ??= ((await import("typescript")) as { default: TypeScript }).default;
  const compiler = typescript;
  const output = compiler.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: compiler.ModuleKind.ESNext,
      target: compiler.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
      isolatedModules: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  }).outputText;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, output);
    renameSync(partial, cached);
  } catch {
    // an unwritable cache only costs time
  }
  return output;
}
