/**
 * Module hooks (Node's `module.register`) that let rule files be imported from their TypeScript
 * source: a `.ts` file is transpiled on load (see transpile-cache.ts), and a relative import
 * written with `.js`, as TypeScript's NodeNext convention asks, finds the `.ts` file beside it.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transpileTypeScript } from "./transpile-cache.js";

interface HookData {
  readonly cacheDir: string;
}
let cacheDir = "";

/** Receives the cache folder from the thread that registered the hooks. */
export function initialize(data: HookData): void {
  cacheDir = data.cacheDir;
}

type Next<C, R> = (specifier: string, context: C) => Promise<R>;
interface ResolveContext {
  readonly parentURL?: string;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}

/** `./x.js` from a `.ts` file resolves to `./x.ts` when there is no `x.js`. */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: Next<ResolveContext, ResolveResult>,
): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (e) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (
      relative &&
      specifier.endsWith(".js") &&
      context.parentURL?.endsWith(".ts") &&
      (e as { code?: string }).code === "ERR_MODULE_NOT_FOUND"
    ) {
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw e;
  }
}

interface LoadContext {
  readonly format?: string | null;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}

/** A `file:` URL ending in `.ts` is loaded as an ES module transpiled from TypeScript. */
export async function load(
  url: string,
  context: LoadContext,
  next: Next<LoadContext, LoadResult>,
): Promise<LoadResult> {
  if (!url.startsWith("file:") || !url.endsWith(".ts") || url.endsWith(".d.ts")) return next(url, context);
  const file = fileURLToPath(url);
  const source = await transpileTypeScript(await readFile(file, "utf8"), file, cacheDir);
  return { format: "module", source, shortCircuit: true };
}
