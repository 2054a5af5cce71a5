import { Environment } from "@marcbachmann/cel-js";
import { parseQuantity, re2Matches, re2SyntaxError } from "@tollgate/rule-dsl";

/** A Kubernetes quantity inside cel-js, as `quantity("1Gi")` yields it. */
class CelJsQuantity {
  /**
   * @param value - the quantity's value
   * @param text - the quantity as written
   */
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/**
 * A cel-js environment as Kyverno and Kubernetes evaluate policies: optional types, undeclared
 * variables dynamic, and the part of the Kubernetes CEL quantity library our rules use
 * (`isQuantity`, `quantity`, `Quantity.compareTo`, `isGreaterThan`, `isLessThan`) with the
 * grammar of `@tollgate/rule-dsl`, and the list library's `indexOf` on a list of booleans (what
 * compiled messageExpressions use to find the first offending element). As in Kubernetes, `quantity()` of something that is not a
 * quantity is an evaluation error. `matches` is RE2's, as in Kubernetes and Kyverno (cel-js's own
 * uses JavaScript's regular expressions): programs are parsed through {@link celJsSource}, which
 * calls `re2Matches` in its place.
 *
 * @returns the environment
 */
export function createCelJsEnvironment(): Environment {
  const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });
  const of = (text: string): CelJsQuantity => {
    const value = parseQuantity(text);
    if (value === undefined) throw new Error(`quantities must match the regular expression, got "${text}"`);
    return new CelJsQuantity(value, text);
  };
  const compare = (a: CelJsQuantity, b: CelJsQuantity): bigint =>
    a.value < b.value ? -1n : a.value > b.value ? 1n : 0n;
  return env
    .registerFunction("list.indexOf(bool): int", (list: readonly unknown[], b: boolean) =>
      BigInt(list.indexOf(b)),
    )
    .registerFunction("string.re2Matches(string): bool", (s: string, pattern: string) => {
      const error = re2SyntaxError(pattern);
      if (error) throw new Error(`invalid regular expression: ${error.description}`);
      return re2Matches(pattern, s);
    })
    .registerType("Quantity", CelJsQuantity)
    .registerFunction("isQuantity(string): bool", (s: string) => parseQuantity(s) !== undefined)
    .registerFunction("quantity(string): Quantity", of)
    .registerFunction("Quantity.compareTo(Quantity): int", compare)
    .registerFunction(
      "Quantity.isGreaterThan(Quantity): bool",
      (a: CelJsQuantity, b: CelJsQuantity) => compare(a, b) > 0n,
    )
    .registerFunction(
      "Quantity.isLessThan(Quantity): bool",
      (a: CelJsQuantity, b: CelJsQuantity) => compare(a, b) < 0n,
    );
}

/**
 * A CEL expression as the environment of {@link createCelJsEnvironment} reads it: every call of
 * the `matches` method, outside string literals, made a call of `re2Matches` (RE2, as Kubernetes
 * evaluates `matches`).
 *
 * @param expression - the CEL expression
 * @returns the expression for cel-js
 */
export function celJsSource(expression: string): string {
  let out = "";
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === '"' || c === "'") {
      // A string literal (triple-quoted or not, raw or not), copied as it is.
      const quote = expression.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      const raw = /[rR]$/.test(out);
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j))
        j += !raw && expression[j] === "\\" ? 2 : 1;
      out += expression.slice(i, j + quote.length);
      i = j + quote.length;
    } else if (expression.startsWith(".matches(", i)) {
      out += ".re2Matches(";
      i += ".matches(".length;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/**
 * Parsed data as cel-js takes it, in one pass: explicit nulls kept, `__proto__` an ordinary own
 * key, anything that is not JSON dropped (in an object) or `null` (in a list), integers as
 * `bigint` (CEL `int`), objects as `Map`s.
 *
 * @param value - parsed data
 * @returns a cel-js value
 */
export function toCelJsValue(value: unknown): unknown {
  return celValueOf(value);
}

function celValueOf(value: unknown): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? (Number.isInteger(value) ? BigInt(value) : value) : null;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const list = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) list[i] = celValueOf(value[i]);
        return list;
      }
      // A Map, not a plain object: cel-js reads a plain object's type from its `constructor`
      // property, so an own `constructor` key (legal in a ConfigMap or a label) would change
      // what CEL sees, and could turn a deny into an allow.
      const out = new Map<string, unknown>();
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const v = record[key];
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        out.set(key, celValueOf(v));
      }
      return out;
    }
    default:
      return null;
  }
}
