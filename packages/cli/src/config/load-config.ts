import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { registerTypeScriptHooks } from "@tollgate/rule-loader";
import type { TollgateConfig } from "./tollgate-config.js";

/** The names a config file may have, in the order they are looked for. */
export const CONFIG_FILE_NAMES = [
  "tollgate.config.ts",
  "tollgate.config.mjs",
  "tollgate.config.json",
] as const;

/** A configuration and where it came from. */
export interface LoadedConfig {
  readonly config: TollgateConfig;
  /** The config file, or undefined when none was found (the defaults apply). */
  readonly file: string | undefined;
  /** The folder every path of the config is relative to. */
  readonly root: string;
}

/**
 * Finds and loads the configuration: the file given, else `tollgate.config.ts`, `.mjs` or `.json`
 * in the folder (not above it, so that a command never picks up another project's settings).
 * Without one, the defaults apply and the root is the folder.
 *
 * @param file - the `--config` file, if given
 * @param cwd - the folder to look in
 * @returns the configuration
 * @throws when the file given does not exist, does not load, or has a field of the wrong type
 */
export async function loadConfig(
  file: string | undefined,
  cwd: string = process.cwd(),
): Promise<LoadedConfig> {
  const path =
    file === undefined
      ? CONFIG_FILE_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p))
      : resolve(cwd, file);
  if (path === undefined) return { config: {}, file: undefined, root: resolve(cwd) };
  if (!existsSync(path)) throw new Error(`config file ${file ?? path} does not exist`);
  let value: unknown;
  try {
    if (path.endsWith(".json")) {
      value = JSON.parse(readFileSync(path, "utf8"));
    } else {
      registerTypeScriptHooks();
      value = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
    }
  } catch (e) {
    throw new Error(
      `${path}: could not load the configuration: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { config: checkConfig(value, path), file: path, root: dirname(path) };
}

type Check = (value: unknown, field: string) => string | undefined;
const isString: Check = (v, f) => (typeof v === "string" ? undefined : `${f} must be a string`);
const isBoolean: Check = (v, f) => (typeof v === "boolean" ? undefined : `${f} must be true or false`);
const stringList: Check = (v, f) =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? undefined : `${f} must be a list of strings`;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const recordOf =
  (inner: Check): Check =>
  (v, f) =>
    isRecord(v)
      ? Object.entries(v)
          .map(([k, x]) => inner(x, `${f}.${k}`))
          .find((e) => e !== undefined)
      : `${f} must be a mapping`;
const objectOf =
  (fields: Readonly<Record<string, Check>>): Check =>
  (v, f) => {
    if (!isRecord(v)) return `${f} must be a mapping`;
    for (const [k, x] of Object.entries(v)) {
      const check = Object.hasOwn(fields, k) ? fields[k] : undefined;
      if (!check) return `${f}.${k} is not a setting (known: ${Object.keys(fields).join(", ")})`;
      const problem = check(x, `${f}.${k}`);
      if (problem) return problem;
    }
    return undefined;
  };
const enforcement: Check = (v, f) =>
  v === "deny" || v === "warn" || v === "audit" ? undefined : `${f} must be "deny", "warn" or "audit"`;
const selection: Check = (v, f) =>
  v === "all"
    ? undefined
    : objectOf({
        ids: stringList,
        categories: stringList,
        gates: (x, g) =>
          Array.isArray(x) && x.every((n) => Number.isInteger(n) && n >= 1 && n <= 7)
            ? undefined
            : `${g} must be a list of gates, 1 to 7`,
      })(v, f);
const library = objectOf({ package: isString, include: selection, exclude: stringList, out: isString });
const CONFIG = objectOf({
  name: isString,
  rules: stringList,
  slos: stringList,
  out: isString,
  libraries: (v, f) =>
    Array.isArray(v)
      ? v
          .map(
            (x, i) =>
              library(x, `${f}[${String(i)}]`) ??
              (isRecord(x) && typeof x["package"] === "string"
                ? undefined
                : `${f}[${String(i)}].package is required`),
          )
          .find((e) => e !== undefined)
      : `${f} must be a list`,
  parameters: recordOf((v, f) =>
    isRecord(v) ? undefined : `${f} must be a mapping of parameter names to values`,
  ),
  enforcement: recordOf(enforcement),
  excludedNamespaces: stringList,
  ruleExcludedNamespaces: recordOf(stringList),
  release: objectOf({
    registry: isString,
    key: isString,
    publicKey: isString,
    opaKey: isString,
    opaPublicKey: isString,
    keyless: isBoolean,
    identity: isString,
    issuer: isString,
    out: isString,
  }),
  regress: objectOf({ corpus: stringList, baseline: isString }),
});

/**
 * Checks a loaded configuration's shape, naming the first wrong field and what it should be.
 *
 * @param value - what the config file exported
 * @param file - the file, for the message
 * @returns the configuration
 * @throws naming the file and the field
 */
export function checkConfig(value: unknown, file: string): TollgateConfig {
  if (value === undefined)
    throw new Error(
      `${file}: the configuration must be the default export: export default defineConfig({ … })`,
    );
  const problem = CONFIG(value, "config");
  if (problem) throw new Error(`${file}: ${problem}`);
  return value as TollgateConfig;
}
