import { checkRuleParams, formatParamError, type RuleIR } from "@tollgate/rule-dsl";

/** Parameters per rule id. */
export type ParamsByRule = Record<string, Record<string, unknown>>;

/** Declared parameters of rules outside the IR (Kyverno image verification), by rule id. */
export type OtherRuleParameters = Readonly<
  Record<string, Readonly<Record<string, { readonly schema: { readonly type: string } }>>>
>;

/**
 * Checks parameters per rule id against the rules: every rule id and parameter name must exist
 * and every value have the declared type, so that a typo is an error rather than a silent default.
 *
 * @param doc - the parameters as read (a `--params` file, or the config's `parameters`)
 * @param rules - the known rules
 * @param otherRules - parameters of rules outside the IR
 * @param where - what to name in messages (`--params p.yaml`, `tollgate.config.ts: parameters`)
 * @returns the parameters
 * @throws naming the rule, the parameter and the expected type
 */
export function checkParameters(
  doc: unknown,
  rules: readonly RuleIR[],
  otherRules: OtherRuleParameters,
  where: string,
): ParamsByRule {
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new Error(`${where}: expected a mapping of rule id to parameters`);
  const out: ParamsByRule = {};
  for (const [id, params] of Object.entries(doc)) {
    const declared =
      rules.find((r) => r.meta.id === id)?.params ??
      (Object.hasOwn(otherRules, id) ? otherRules[id] : undefined);
    if (!declared) throw new Error(`${where}: unknown rule "${id}"`);
    if (typeof params !== "object" || params === null || Array.isArray(params))
      throw new Error(`${where}: ${id}: expected a mapping of parameter names to values`);
    const rule = rules.find((r) => r.meta.id === id);
    if (rule) {
      // The rule's parameter schema, checked by a JSON Schema validator: names, types, nested
      // items and keys, and RE2 syntax for regular expressions.
      const errors = checkRuleParams(rule, params as Record<string, unknown>);
      if (errors.length > 0)
        throw new Error(errors.map((e) => `${where}: ${formatParamError(e)}`).join("\n"));
    } else
      for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
        const p = Object.hasOwn(declared, name) ? declared[name] : undefined;
        if (!p)
          throw new Error(
            `${where}: ${id} has no parameter "${name}" (it has: ${Object.keys(declared).join(", ") || "none"})`,
          );
        const type = Array.isArray(value)
          ? "array"
          : Number.isInteger(value)
            ? "integer"
            : value === null
              ? "null"
              : typeof value;
        const fits = type === p.schema.type || (type === "integer" && p.schema.type === "number");
        if (!fits) throw new Error(`${where}: ${id}.${name} must be ${p.schema.type}, got ${type}`);
      }
    out[id] = { ...(params as Record<string, unknown>) };
  }
  return out;
}
