import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { ParamIR, ParamSchema, RuleIR } from "./ir.js";
import { re2SyntaxError } from "./re2.js";

/** One thing wrong with a rule's parameters: the rule, the parameter's JSON path, and what. */
export interface ParamError {
  readonly rule: string;
  /** `labels[0].allowedRegex`, or `` for the parameters as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * The JSON Schema of a rule's parameters: its declared parameters (the schemas its
 * ConstraintTemplate carries), every object closed to undeclared keys, so a misspelt key is an
 * error and not a silent default.
 */
function jsonSchemaOf(params: Readonly<Record<string, ParamIR>>): object {
  const of = (s: ParamSchema): object => ({
    type: s.type,
    ...(s.items ? { items: of(s.items) } : {}),
    ...(s.properties
      ? {
          properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, of(v)])),
          additionalProperties: false,
        }
      : {}),
    ...(s.format ? { format: s.format } : {}),
  });
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(params).map(([k, p]) => [k, of(p.schema)])),
    additionalProperties: false,
  };
}

// `regex` is RE2's syntax here (the engines' reading), not ECMAScript's; the RE2 error itself is
// reported by `regexErrors`, with its offset.
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  verbose: true,
  formats: { regex: (s: string) => re2SyntaxError(s) === undefined },
});
const validators = new WeakMap<object, ValidateFunction>();

/** `/labels/0/allowedRegex` as `labels[0].allowedRegex`. */
function jsonPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === "" ? p : `${out}.${p}`), "");
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return Number.isInteger(value) ? "integer" : typeof value;
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const what = e.instancePath === "" ? "parameter" : "key";
    return `has no ${what} "${key}" (it has: ${known.join(", ") || "none"})`;
  }
  if (e.keyword === "type")
    return `must be ${String((e.params as { type: string }).type)}, got ${typeOf(e.data)}`;
  return e.message ?? e.keyword;
}

/** The RE2 errors of the values the schema marks as regular expressions, with their offsets. */
function regexErrors(schema: ParamSchema, value: unknown, path: string): { path: string; message: string }[] {
  if (schema.format === "regex" && typeof value === "string") {
    const error = re2SyntaxError(value);
    return error
      ? [
          {
            path,
            message: `is not an RE2 regular expression: ${error.description}${error.position === undefined ? "" : ` at offset ${error.position}`}`,
          },
        ]
      : [];
  }
  if (schema.items && Array.isArray(value))
    return value.flatMap((v, i) => regexErrors(schema.items!, v, `${path}[${i}]`));
  if (schema.properties && typeof value === "object" && value !== null && !Array.isArray(value))
    return Object.entries(schema.properties).flatMap(([k, s]) =>
      Object.hasOwn(value, k) ? regexErrors(s, (value as Record<string, unknown>)[k], `${path}.${k}`) : [],
    );
  return [];
}

/**
 * Checks parameters against a rule's parameter schema with a JSON Schema validator (ajv): every
 * name declared, every value of its type, nested items and keys included, and every regular
 * expression RE2 syntax. Parameters left out keep their defaults.
 *
 * @param rule - the rule (its id and declared parameters)
 * @param params - the parameters as given
 * @returns one error per problem, naming the rule and the parameter's JSON path; empty when fine
 */
export function checkRuleParams(
  rule: Pick<RuleIR, "meta" | "params">,
  params: Readonly<Record<string, unknown>>,
): ParamError[] {
  let validate = validators.get(rule.params);
  if (!validate) {
    validate = ajv.compile(jsonSchemaOf(rule.params));
    validators.set(rule.params, validate);
  }
  const errors: ParamError[] = [];
  if (!validate(params))
    for (const e of validate.errors ?? []) {
      if (e.keyword === "format") continue;
      errors.push({ rule: rule.meta.id, path: jsonPath(e.instancePath), message: messageOf(e) });
    }
  for (const [name, p] of Object.entries(rule.params))
    if (Object.hasOwn(params, name))
      for (const e of regexErrors(p.schema, params[name], name)) errors.push({ rule: rule.meta.id, ...e });
  return errors;
}

/**
 * One line for an error: `k8srequiredlabels.labels[0].allowedRegex is not an RE2 …`.
 *
 * @param e - the error
 * @returns the line
 */
export function formatParamError(e: ParamError): string {
  return `${e.rule}${e.path === "" ? "" : `.${e.path}`} ${e.message}`;
}
