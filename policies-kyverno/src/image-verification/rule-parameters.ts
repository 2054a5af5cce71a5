import type { Json, ParamIR, ParamSchema } from "@tollgate/rule-dsl";

/**
 * Merges parameter overrides over the defaults and checks every value against its schema. An
 * unknown name or a wrong type throws: a typo in a params file must not silently fall back to a
 * default (or, worse, to a weaker policy).
 *
 * @param ruleId - the rule, for messages
 * @param parameters - the rule's parameters
 * @param given - the overrides
 * @returns every parameter's value
 */
export function resolveParameters(
  ruleId: string,
  parameters: Readonly<Record<string, ParamIR>>,
  given: Readonly<Record<string, unknown>>,
): Record<string, Json> {
  for (const name of Object.keys(given)) {
    if (!(name in parameters)) {
      throw new Error(`${ruleId}: unknown parameter "${name}"; known: ${Object.keys(parameters).join(", ")}`);
    }
  }
  const out: Record<string, Json> = {};
  for (const [name, param] of Object.entries(parameters)) {
    const value = name in given ? given[name] : param.default;
    checkValue(`${ruleId}: parameter ${name}`, param.schema, value);
    out[name] = value as Json;
  }
  return out;
}

function checkValue(where: string, schema: ParamSchema, value: unknown): void {
  const fail = (what: string): never => {
    throw new Error(`${where}: expected ${what}, got ${JSON.stringify(value)}`);
  };
  switch (schema.type) {
    case "string":
      if (typeof value !== "string") fail("a string");
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("a boolean");
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) fail("an integer");
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) fail("a number");
      return;
    case "array":
      if (!Array.isArray(value)) fail("an array");
      if (schema.items)
        (value as unknown[]).forEach((v, i) => checkValue(`${where}[${i}]`, schema.items!, v));
      return;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) fail("an object");
      const props = schema.properties ?? {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const prop = props[k];
        if (!prop) throw new Error(`${where}: unknown field "${k}"; known: ${Object.keys(props).join(", ")}`);
        checkValue(`${where}.${k}`, prop, v);
      }
      return;
    }
  }
}

/**
 * A parameter that is a list of strings.
 *
 * @param description - what it means
 * @param defaults - its default
 * @returns the parameter
 */
export function stringListParameter(description: string, defaults: readonly string[]): ParamIR {
  return { schema: { type: "array", description, items: { type: "string" } }, default: [...defaults] };
}
