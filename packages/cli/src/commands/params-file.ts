import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import type { RuleIR } from "@tollgate/rule-dsl";

/** Parameters per rule id. */
export type ParamsByRule = Record<string, Record<string, unknown>>;

/**
 * Reads a `--params` file (YAML or JSON) mapping rule id to parameters, and checks every rule id
 * and parameter name against the rules, so a typo is an error rather than a silent default.
 *
 * @param file - the file
 * @param rules - the known rules
 * @returns the parameters
 */
export function readParamsFile(
  file: string,
  rules: readonly RuleIR[],
  otherRules: Readonly<Record<string, Readonly<Record<string, { readonly schema: { readonly type: string } }>>>> = {},
): ParamsByRule {
  let doc: unknown;
  try {
    doc = yaml.load(readFileSync(file, "utf8"), { json: true });
  } catch (e) {
    throw new Error(`--params ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`--params ${file}: expected a mapping of rule id to parameters`);
  const out: ParamsByRule = {};
  for (const [id, params] of Object.entries(doc)) {
    const rule = rules.find((r) => r.meta.id === id);
    const declared = rule ? rule.params : otherRules[id];
    if (!declared) throw new Error(`--params ${file}: unknown rule "${id}"`);
    if (typeof params !== "object" || params === null || Array.isArray(params)) throw new Error(`--params ${file}: ${id}: expected a mapping of parameter names to values`);
    for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
      const p = declared[name];
      if (!p) throw new Error(`--params ${file}: ${id} has no parameter "${name}" (it has: ${Object.keys(declared).join(", ") || "none"})`);
      const type = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : value === null ? "null" : typeof value;
      const fits = type === p.schema.type || (type === "integer" && p.schema.type === "number");
      if (!fits) throw new Error(`--params ${file}: ${id}.${name} must be ${p.schema.type}, got ${type}`);
    }
    out[id] = { ...(params as Record<string, unknown>) };
  }
  return out;
}
