import { Optional as CelJsOptional } from "@marcbachmann/cel-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { celJsSource, createCelJsEnvironment, toCelJsValue } from "./cel-js.js";
import { compileCelSet, type CelEvaluator } from "./compile.js";
import { CelEvaluationError, CelUnmodelledError, CelUnsupportedError } from "./errors.js";
import { CelType, Optional, Quantity } from "./values.js";

/*
 * The evaluator's contract, checked against cel-js 8 set up as the CEL engine sets it up
 * (`createCelJsEnvironment`, data through `toCelJsValue`, variables as in its `runProgram`): on every
 * expression it compiles and every input, it returns what cel-js returns, errs where cel-js errs,
 * or throws CelUnmodelledError (the engine then asks cel-js). Expressions cel-js does not
 * type-check are out of scope (cel-js errs on them whatever the input; the compiler emits none).
 * Where cel-js reads CEL its own way, the cases are at the end of this file: this evaluator does
 * not compile them or leaves them to cel-js.
 */

const env = createCelJsEnvironment();

// ---------------------------------------------------------------------------------------------
// Outcomes of both evaluators, in one comparable form.
// ---------------------------------------------------------------------------------------------

/** A CEL value in a form both evaluators' results map to: kinds explicit, maps order-free. */
type Norm =
  | null
  | boolean
  | string
  | { int: string }
  | { double: number }
  | { list: Norm[] }
  | { map: [string, Norm][] }
  | { opaque: "optional" | "type" | "quantity" };

type Outcome = { value: Norm } | { error: string } | { unmodelled: string };

function sortedMap(entries: [string, Norm][]): Norm {
  return { map: entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

/** A cel-js result: `bigint` is an int, `number` a double, `Map` or a plain object a map. */
function normCelJs(v: unknown): Norm {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return { int: v.toString() };
  if (typeof v === "number") return { double: v };
  if (Array.isArray(v)) return { list: v.map(normCelJs) };
  if (v instanceof Map) return sortedMap([...v].map(([k, x]) => [String(k), normCelJs(x)]));
  if (v instanceof CelJsOptional) return { opaque: "optional" };
  // Neither class is exported: cel-js's `Type`, and the quantity class `createCelJsEnvironment` registers.
  if (typeof v === "object" && v.constructor?.name === "CelJsQuantity") return { opaque: "quantity" };
  if (typeof v === "object" && v.constructor?.name === "Type") return { opaque: "type" };
  if (typeof v === "object")
    return sortedMap(Object.keys(v).map((k) => [k, normCelJs((v as Record<string, unknown>)[k])]));
  throw new Error(`cel-js returned an unexpected ${typeof v}`);
}

const isData = (v: unknown): boolean => v !== undefined && typeof v !== "function" && typeof v !== "symbol";

/**
 * Our result, read as the evaluator reads data in place: an integral number is an int, any other
 * finite number a double, a non-finite one `null`; a plain object a map without its entries that
 * are not data; such an element of a list `null`.
 */
function normOurs(v: unknown): Norm {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number")
    return !Number.isFinite(v) ? null : Number.isInteger(v) ? { int: BigInt(v).toString() } : { double: v };
  if (Array.isArray(v)) return { list: Array.from(v, (x: unknown) => (isData(x) ? normOurs(x) : null)) };
  if (v instanceof Optional) return { opaque: "optional" };
  if (v instanceof Quantity) return { opaque: "quantity" };
  if (v instanceof CelType) return { opaque: "type" };
  if (typeof v === "object") {
    const record = v as Record<string, unknown>;
    return sortedMap(
      Object.keys(record).flatMap((k): [string, Norm][] =>
        isData(record[k]) ? [[k, normOurs(record[k])]] : [],
      ),
    );
  }
  throw new Error(`the evaluator returned an unexpected ${typeof v}`);
}

/** What an expression reads: the object under review and the variables, as plain data. */
interface Input {
  readonly object: unknown;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** cel-js's outcome; any exception is an error, as `createCelEngine` turns it into the `error` verdict. */
function celJsOutcome(run: (ctx: Record<string, unknown>) => unknown, input: Input): Outcome {
  // As `runProgram` in cel-engine.ts: `variables` a record without prototype of cel-js values.
  const variables = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(input.variables)) variables[k] = toCelJsValue(v);
  try {
    return { value: normCelJs(run({ object: toCelJsValue(input.object), variables })) };
  } catch (e) {
    return { error: String((e as Error).message ?? e).split("\n")[0] as string };
  }
}

/** Our outcome; only the evaluator's own two errors are outcomes, anything else is a bug and throws. */
function ourOutcome(run: CelEvaluator, input: Input): Outcome {
  try {
    return { value: normOurs(run(input)) };
  } catch (e) {
    if (e instanceof CelEvaluationError) return { error: e.message };
    if (e instanceof CelUnmodelledError) return { unmodelled: e.message };
    throw e;
  }
}

/** cel-js's program for an expression, or undefined when it does not parse or type-check. */
function celJsProgram(expression: string): ((ctx: Record<string, unknown>) => unknown) | undefined {
  try {
    const source = celJsSource(expression);
    if (!env.check(source).valid) return undefined;
    return env.parse(source) as unknown as (ctx: Record<string, unknown>) => unknown;
  } catch {
    return undefined;
  }
}

/** Both outcomes of one expression on one object (our evaluator compiled alone). */
function both(
  expression: string,
  object: unknown,
  variables: Record<string, unknown> = {},
): { ours: Outcome; celJs: Outcome } {
  const run = compileCelSet([{ expression, scope: "" }]).evaluators[0];
  if (run instanceof CelUnsupportedError) throw run;
  const program = celJsProgram(expression);
  if (program === undefined) throw new Error(`cel-js rejects ${expression}`);
  const input = { object, variables };
  return { ours: ourOutcome(run as CelEvaluator, input), celJs: celJsOutcome(program, input) };
}

/** Whether two outcomes agree: equal values, or both errors (messages aside). */
function agree(ours: Outcome, celJs: Outcome): boolean {
  if ("error" in ours) return "error" in celJs;
  if ("value" in ours && "value" in celJs) {
    try {
      expect(ours.value).toEqual(celJs.value);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Random data: JSON-like objects with the awkward keys and values.
// ---------------------------------------------------------------------------------------------

/** Field names usable after `.` (identifiers), JavaScript's own names among them. */
const FIELDS = ["a", "b", "c", "__proto__", "constructor", "toString"] as const;
/** Keys only an index reaches. */
const KEYS = [...FIELDS, "0", "10", "é", "😀", "a b", ""] as const;
/** Keys of map literals: distinct strings (`constructor` and `__proto__`, which cel-js drops, are tested at the end). */
const LITERAL_KEYS = ["a", "b", "toString", "0", "10", "é", "😀", "a b", ""] as const;

const CHARS = fc.constantFrom(
  "a",
  "b",
  "A",
  ",",
  " ",
  "1",
  "G",
  "i",
  "m",
  ".",
  "é",
  "😀",
  "𝔸",
  "\uff61",
  "\u0000",
  "\n",
  '"',
  "\\",
);
const stringValue = fc.oneof(
  fc.constantFrom(
    "",
    "a",
    "b",
    "abc",
    "a,b",
    ",",
    "1Gi",
    "500m",
    "1.5",
    "2",
    "-1",
    "é",
    "😀",
    "a😀b",
    "😀x😀",
    "\uff61",
    "A",
    "true",
    "constructor",
    "__proto__",
    "0",
    "10",
  ),
  fc.string({ unit: CHARS, maxLength: 6 }),
);
const intValue = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(0, -0, 1, 2, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 60, 1e21, -1e21),
);
/** Values that are not JSON: `null` to CEL in a list, absent in a map (non-finite numbers `null`). */
const notData = fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol("s"));
/** Map keys, the field names twice as likely. */
const mapKey = fc.constantFrom(...FIELDS, ...FIELDS, ...KEYS);
const doubleValue = fc.oneof(
  fc.constantFrom(0.5, -0.5, 1.5, -2.25, 0.1, 1e-7, 123.456, 2.5, 1e21 + 0.5, 0.1 + 0.2),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)),
);

const data: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => {
  const map = fc
    .tuple(
      fc
        .uniqueArray(mapKey, { maxLength: 5 })
        .chain((keys) =>
          fc.tuple(
            fc.constant(keys),
            fc.array(tie("value"), { minLength: keys.length, maxLength: keys.length }),
          ),
        ),
      fc.boolean(),
    )
    .map(([[keys, values], nullProto]) => mapOf(keys, values, nullProto));
  return {
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      ...[
        fc.constant(null),
        fc.boolean(),
        intValue,
        doubleValue,
        stringValue,
        fc.array(tie("value"), { maxLength: 4 }),
        map,
      ].map((arbitrary) => ({ arbitrary, weight: 5 })),
      { arbitrary: notData, weight: 1 },
    ),
  };
}).value;

/** A plain object (or one without prototype) whose own keys are `keys`: `__proto__` an ordinary key. */
function mapOf(keys: readonly string[], values: readonly unknown[], nullProto = false): object {
  const out: Record<string, unknown> = nullProto ? (Object.create(null) as Record<string, unknown>) : {};
  keys.forEach((k, i) =>
    Object.defineProperty(out, k, { value: values[i], enumerable: true, writable: true, configurable: true }),
  );
  return out;
}

/** The object under review (a map, its fields mostly present so that paths lead somewhere) and the variables. */
const inputValue: fc.Arbitrary<Input> = fc
  .tuple(
    fc
      .tuple(
        fc.subarray([...KEYS], { minLength: 3 }),
        fc.array(data, { minLength: KEYS.length, maxLength: KEYS.length }),
        fc.boolean(),
      )
      .map(([keys, values, nullProto]) => mapOf(keys, values, nullProto)),
    // A variable holds a CEL value (what its expression gave), never an absent one.
    fc.record({ podSpec: data.filter(isData), v: data.filter(isData) }, { requiredKeys: [] }),
  )
  .map(([object, variables]) => ({ object, variables }));

// ---------------------------------------------------------------------------------------------
// Random expressions of the subset our compiler emits.
// ---------------------------------------------------------------------------------------------

const VARS = ["x", "y", "z"] as const;
const celString = (s: string): string => JSON.stringify(s);
const numberLiteral = (n: number): string => (n < 0 ? `-${String(-n)}` : String(n));

const intLiteral = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(2 ** 53 - 1)).map(numberLiteral);
const doubleLiteral = fc.constantFrom(0.5, -0.5, 1.5, -2.25, 0.1, 1e-7, 123.456, 2.5).map(numberLiteral);
const stringLiteral = stringValue.map(celString);
const keyLiteral = fc.constantFrom(...KEYS).map(celString);
const literal = fc.oneof(fc.constantFrom("null", "true", "false"), intLiteral, doubleLiteral, stringLiteral);
const QUANTITY_TEXTS = ["1", "1Gi", "1024Mi", "500m", "0.5", "1.5", "2", "1e3", "abc", "", "-1", "1Ki"];
const TYPE_NAMES = ["map", "list", "string", "int", "double", "bool", "null_type"];
const REGEXES = [
  "^a",
  "a+",
  "[0-9]+",
  ".",
  "^$",
  "^.$",
  "é",
  "😀",
  "(",
  "\\d",
  "^\\w+$",
  "(?i)a",
  "a|b",
  "[[:alpha:]]",
];

/**
 * `s` as an operand: parenthesised, mostly; bare now and then so that precedence is exercised
 * too; in `dyn()` now and then so that cel-js type-checks it whatever its static type.
 */
const operand = (s: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(s, fc.integer({ min: 0, max: 7 })).map(([e, n]) => (n === 0 ? e : n < 3 ? `dyn(${e})` : `(${e})`));

const expressions = new Map<string, fc.Arbitrary<string>>();

/**
 * Expressions of at most `depth` levels with the first `bound` comprehension variables in scope.
 *
 * @param depth - nesting left
 * @param bound - how many of {@link VARS} are bound
 * @returns the arbitrary
 */
function expr(depth: number, bound: number): fc.Arbitrary<string> {
  const key = `${depth}/${bound}`;
  const known = expressions.get(key);
  if (known) return known;
  const paths = fc.oneof(
    fc.constant("object"),
    fc.constantFrom(...FIELDS).map((f) => `object.${f}`),
    fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...FIELDS)).map(([f, g]) => `object.${f}.${g}`),
    fc.constantFrom("variables.podSpec", "variables.v", "variables.podSpec.a", "variables"),
  );
  const leaves: fc.WeightedArbitrary<string>[] = [
    { arbitrary: literal, weight: 3 },
    { arbitrary: paths, weight: 4 },
  ];
  if (bound > 0) leaves.push({ arbitrary: fc.constantFrom(...VARS.slice(0, bound)), weight: 4 });
  const leaf = fc.oneof(...leaves);
  if (depth === 0) {
    expressions.set(key, leaf);
    return leaf;
  }
  const sub = expr(depth - 1, bound);
  const op = operand(sub);
  const stringArg = fc.oneof(stringLiteral, sub);
  const intArg = fc.oneof(intLiteral, sub);
  // What comprehensions range over and indexes read: mostly lists and maps (literal or not), so
  // that most expressions type-check.
  // Elements mostly in dyn(), as the compiler writes them (a literal of mixed static types is not compiled: tested at the end).
  const element = fc.tuple(sub, fc.nat(9)).map(([e, n]) => (n < 8 ? `dyn(${e})` : e));
  const listLiteral = fc.array(element, { maxLength: 3 }).map((items) => `[${items.join(", ")}]`);
  const mapLiteral = fc
    .uniqueArray(fc.constantFrom(...LITERAL_KEYS), { maxLength: 3 })
    .chain((keys) =>
      fc
        .array(element, { minLength: keys.length, maxLength: keys.length })
        .map((values) => `{${keys.map((k, i) => `${celString(k)}: ${values[i]}`).join(", ")}}`),
    );
  const collection = fc.oneof(
    { arbitrary: paths, weight: 3 },
    { arbitrary: listLiteral, weight: 2 },
    { arbitrary: mapLiteral, weight: 1 },
    { arbitrary: fc.tuple(op, stringArg).map(([s, t]) => `${s}.split(${t})`), weight: 1 },
    { arbitrary: sub.map((e) => `dyn(${e})`), weight: 2 },
    // A list of one static element type joined with another list: cel-js checks the elements against that type.
    {
      arbitrary: fc
        .tuple(fc.constantFrom('["a", "b"]', '"a,b".split(",")', "[1, 2]", "[]"), sub, fc.boolean())
        .map(([t, e, first]) => (first ? `(${t} + ${e})` : `(${e} + ${t})`)),
      weight: 1,
    },
  );
  // A relation's operands are never bare relations: cel-js binds `<` and `in` tighter than `==` (tested at the end).
  const relationOperand = fc.tuple(sub, fc.boolean()).map(([e, d]) => (d ? `dyn(${e})` : `(${e})`));
  const comparison = fc
    .tuple(relationOperand, fc.constantFrom("==", "!=", "<", "<=", ">", ">=", "in"), relationOperand)
    .map(([l, o, r]) => `${l} ${o} ${r}`);
  const composite = fc.oneof(
    // Member access, plain and optional.
    fc.tuple(op, fc.constantFrom(...FIELDS)).map(([e, f]) => `${e}.${f}`),
    // orValue's default: evaluated only when the optional is empty.
    fc
      .tuple(op, fc.constantFrom(...FIELDS), fc.oneof(fc.constant("null"), literal, sub))
      .map(([e, f, d]) => `${e}.?${f}.orValue(${d})`),
    fc
      .tuple(op, fc.constantFrom(...FIELDS), fc.constantFrom(...FIELDS))
      .map(([e, f, g]) => `${e}.?${f}.?${g}.orValue(null)`),
    // An optional index by a string on anything; by anything on the object's data or a list literal
    // (cel-js turns a key that is not a string into one on a map literal or `variables`: tested at the end).
    fc
      .tuple(
        fc.oneof(
          fc.tuple(
            sub,
            fc.oneof(
              keyLiteral,
              sub.map((e) => `string(${e})`),
            ),
          ),
          fc.tuple(
            fc.oneof(
              paths.filter((p) => p.startsWith("object")),
              listLiteral,
            ),
            fc.oneof(keyLiteral, intLiteral, sub),
          ),
        ),
        fc.oneof(fc.constant("null"), literal),
      )
      .map(([[e, k], d]) => `dyn(${e})[?${k}].orValue(${d})`),
    fc.tuple(collection, fc.oneof(keyLiteral, intLiteral, sub)).map(([e, i]) => `${e}[${i}]`),
    // Operators.
    comparison,
    fc.tuple(op, fc.constantFrom("+", "-", "&&", "||"), op).map(([l, o, r]) => `${l} ${o} ${r}`),
    fc.tuple(fc.constantFrom("!", "-"), op).map(([o, e]) => `${o}${e}`),
    fc.tuple(fc.oneof(comparison, op), op, op).map(([c, t, e]) => `${c} ? ${t} : ${e}`),
    // Literals.
    listLiteral,
    mapLiteral,
    // Functions.
    fc.tuple(fc.constantFrom("size", "string", "dyn"), sub).map(([f, e]) => `${f}(${e})`),
    fc.tuple(sub, fc.constantFrom(...TYPE_NAMES)).map(([e, t]) => `type(${e}) == ${t}`),
    sub.map((e) => `isQuantity(string(${e}))`),
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...QUANTITY_TEXTS).map(celString), sub),
        fc.oneof(fc.constantFrom(...QUANTITY_TEXTS).map(celString), sub),
        fc.constantFrom("compareTo", "isGreaterThan", "isLessThan"),
      )
      .map(([a, b, m]) => `quantity(${a}).${m}(quantity(${b}))`),
    // Methods.
    fc
      .tuple(op, fc.constantFrom("startsWith", "endsWith", "contains", "split", "indexOf"), stringArg)
      .map(([s, m, t]) => `${s}.${m}(${t})`),
    fc
      .tuple(op, fc.oneof(fc.constantFrom(...REGEXES).map(celString), sub))
      .map(([s, r]) => `${s}.matches(${r})`),
    fc.tuple(op, intArg).map(([s, i]) => `${s}.substring(${i})`),
    fc.tuple(op, intArg, intArg).map(([s, i, j]) => `${s}.substring(${i}, ${j})`),
    fc
      .tuple(collection, fc.option(stringArg, { nil: undefined }))
      .map(([l, sep]) => `${l}.join(${sep ?? ""})`),
  );
  const parts: fc.WeightedArbitrary<string>[] = [
    { arbitrary: leaf, weight: 3 },
    { arbitrary: composite, weight: 5 },
  ];
  if (bound < VARS.length) {
    const body = expr(depth - 1, bound + 1);
    const inner = fc.tuple(body, fc.boolean()).map(([e, d]) => (d ? `dyn(${e})` : `(${e})`));
    // A predicate is mostly a comparison, so that it is a bool more often than not.
    const predicate = fc.oneof(
      body,
      fc
        .tuple(inner, fc.constantFrom("==", "!=", "<", ">=", "in"), inner)
        .map(([l, o, r]) => `${l} ${o} ${r}`),
    );
    const macro = fc.oneof(
      fc
        .tuple(collection, fc.constantFrom("all", "exists", "exists_one"), predicate)
        .map(([range, m, b]) => `${range}.${m}(${VARS[bound]}, ${b})`),
      fc.tuple(collection, body).map(([range, b]) => `${range}.map(${VARS[bound]}, ${b})`),
    );
    parts.push({ arbitrary: macro, weight: 2 });
  }
  const arbitrary = fc.oneof(...parts);
  expressions.set(key, arbitrary);
  return arbitrary;
}

// ---------------------------------------------------------------------------------------------
// The differential property.
// ---------------------------------------------------------------------------------------------

/** An input as text, the values JSON does not show shown anyway. */
function show(input: Input): string {
  return JSON.stringify(input, (_, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v)
      ? String(v)
      : typeof v === "function" || typeof v === "symbol" || v === undefined
        ? `<${String(v)}>`
        : v,
  );
}

/** Expressions of every size, small ones more often. */
const expression = fc.oneof(
  { arbitrary: expr(2, 0), weight: 2 },
  { arbitrary: expr(3, 0), weight: 2 },
  { arbitrary: expr(4, 0), weight: 1 },
);

/**
 * cel-js's error for a value that is not of the static type it inferred for a mixed list literal
 * with an empty list or map in it: a comprehension variable, or an element read by index.
 */
const CEL_JS_LITERAL_TYPE_ERROR =
  /^(Variable '[a-z]+'|List item with index '\d+') is not of type '[^']*', got '[^']*'$/;

describe("compileCelSet against cel-js", () => {
  it("returns what cel-js returns, errs where it errs, or says it does not model the case", () => {
    const stats = {
      runs: 0,
      rejectedByCelJs: 0,
      unsupported: 0,
      celJsLiteralTypeErrors: 0,
      sharing: 0,
      evaluations: 0,
      unmodelled: 0,
      values: 0,
      errors: 0,
    };
    const started = performance.now();
    fc.assert(
      fc.property(
        expression,
        fc.array(inputValue, { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (expression, inputs, listFirst) => {
          stats.runs += 1;
          const alone = celJsProgram(expression);
          if (alone === undefined) {
            stats.rejectedByCelJs += 1;
            return;
          }
          // The expression twice in one set: every closed subexpression of it is shared (memoised),
          // inside comprehensions too, and whichever is evaluated second reads remembered values.
          const twice = `[dyn(${expression}), dyn(${expression})]`;
          const sources = [expression, twice];
          const programs = [alone, celJsProgram(twice)];
          const set = compileCelSet(sources.map((s) => ({ expression: s, scope: "s" })));
          // Unsupported is allowed (cel-js reads more than CEL's grammar, `a ? b ? c : d : e`), but rare.
          if (set.evaluators.some((e) => e instanceof CelUnsupportedError)) {
            stats.unsupported += 1;
            return;
          }
          if (set.sharedCount > 0) stats.sharing += 1;
          const order = listFirst ? [1, 0] : [0, 1];
          for (const input of inputs) {
            set.reset();
            for (const i of order) {
              const program = programs[i];
              if (program === undefined) throw new Error(`cel-js accepts ${expression} but not ${twice}`);
              const expected = celJsOutcome(program, input);
              const actual = ourOutcome(set.evaluators[i] as CelEvaluator, input);
              stats.evaluations += 1;
              if ("unmodelled" in actual) {
                stats.unmodelled += 1;
                continue;
              }
              if (
                "error" in expected &&
                CEL_JS_LITERAL_TYPE_ERROR.test(expected.error) &&
                "value" in actual
              ) {
                // cel-js checks a value against a mixed list literal's static type: such literals must not be compiled.
                stats.celJsLiteralTypeErrors += 1;
                continue;
              }
              if ("value" in expected) stats.values += 1;
              else stats.errors += 1;
              if (!agree(actual, expected)) {
                throw new Error(
                  `${sources[i]}\n on ${show(input)}\n ours:   ${JSON.stringify(actual)}\n cel-js: ${JSON.stringify(expected)}`,
                );
              }
            }
          }
        },
      ),
      { seed: 20_250_611, numRuns: 10_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`cel-js differential: ${JSON.stringify(stats)} in ${seconds.toFixed(1)} s`);
    // Not vacuous: most expressions run, few evaluations are left to cel-js, values and errors both occur.
    expect(stats.rejectedByCelJs / stats.runs).toBeLessThan(0.6);
    expect(stats.unsupported / stats.runs).toBeLessThan(0.1);
    expect(stats.celJsLiteralTypeErrors).toBe(0);
    expect(stats.sharing).toBeGreaterThan((stats.runs - stats.rejectedByCelJs) * 0.2);
    expect(stats.unmodelled / stats.evaluations).toBeLessThan(0.2);
    expect(stats.values).toBeGreaterThan(stats.evaluations * 0.3);
    expect(stats.errors).toBeGreaterThan(stats.evaluations * 0.1);
  });
});

// ---------------------------------------------------------------------------------------------
// Error semantics, each checked against cel-js too.
// ---------------------------------------------------------------------------------------------

const OBJECT = { a: 1, s: "x", t: true, f: false, l: [5, 6], n: null };

/** Our outcome on `OBJECT`, after checking that cel-js agrees. */
function checked(expression: string, object: unknown = OBJECT): Outcome {
  const { ours, celJs } = both(expression, object);
  expect(
    agree(ours, celJs),
    `${expression}: ours ${JSON.stringify(ours)}, cel-js ${JSON.stringify(celJs)}`,
  ).toBe(true);
  return ours;
}

describe("compileCelSet: CEL's error semantics", () => {
  it("lets && and || absorb an error on either side when the other side decides", () => {
    expect(checked("false && object.missing")).toEqual({ value: false });
    expect(checked("object.missing && false")).toEqual({ value: false });
    expect(checked("object.missing || true")).toEqual({ value: true });
    expect(checked("true || object.missing")).toEqual({ value: true });
    // A non-bool operand is absorbed the same way.
    expect(checked("object.a || true")).toEqual({ value: true });
    expect(checked("object.s && false")).toEqual({ value: false });
  });

  it("keeps the error when the other side does not decide", () => {
    expect(checked("true && object.missing")).toHaveProperty("error");
    expect(checked("object.missing || false")).toHaveProperty("error");
    expect(checked("object.missing && true")).toHaveProperty("error");
    expect(checked("object.a || false")).toHaveProperty("error");
    expect(checked("false || object.s")).toHaveProperty("error");
  });

  it("lets all() and exists() absorb an error when a later element decides", () => {
    // index 2 is out of range (an error), then index 0 gives 5 == 7: false.
    expect(checked("[2, 0].all(i, object.l[i] == 7)")).toEqual({ value: false });
    expect(checked("[2, 0].exists(i, object.l[i] == 5)")).toEqual({ value: true });
    // An element that decides before the error, too.
    expect(checked("[0, 2].all(i, object.l[i] == 7)")).toEqual({ value: false });
    // No element decides: the error stands.
    expect(checked("[2, 0].all(i, object.l[i] == 5)")).toHaveProperty("error");
    expect(checked("[2, 0].exists(i, object.l[i] == 7)")).toHaveProperty("error");
    // A non-bool predicate is absorbed the same way.
    expect(checked("dyn([object.s, object.f]).all(v, v)")).toEqual({ value: false });
  });

  it("does not let exists_one() or map() absorb an error", () => {
    expect(checked("[2, 0].exists_one(i, object.l[i] == 5)")).toHaveProperty("error");
    expect(checked("[0, 2].exists_one(i, object.l[i] == 5)")).toHaveProperty("error");
    expect(checked("[0, 1].exists_one(i, object.l[i] == 5)")).toEqual({ value: true });
    expect(checked("[0, 2].map(i, object.l[i])")).toHaveProperty("error");
  });

  it("errs on a conditional whose condition is not a bool, and evaluates only the branch taken", () => {
    expect(checked("object.a ? 1 : 2")).toHaveProperty("error");
    expect(checked("object.s ? 1 : 2")).toHaveProperty("error");
    expect(checked("object.n ? 1 : 2")).toHaveProperty("error");
    expect(checked("object.missing ? 1 : 2")).toHaveProperty("error");
    expect(checked("object.t ? 1 : object.missing")).toEqual({ value: { int: "1" } });
    expect(checked("object.f ? object.missing : 2")).toEqual({ value: { int: "2" } });
  });

  it("errs on a missing key, an index out of range, no overload, and a bad regular expression", () => {
    for (const e of [
      "object.missing",
      "object.n.x",
      "object.l[2]",
      '"a" + object.a',
      "size(object.a)",
      '"a".matches("(")',
      "-object.s",
      "!object.a",
      "object.l < object.l",
    ]) {
      expect(checked(e)).toHaveProperty("error");
    }
  });
});

describe("compileCelSet: the Kubernetes quantity functions", () => {
  it("parses, compares and rejects quantities as the cel-js environment does", () => {
    expect(checked('quantity("1Gi")')).toEqual({ value: { opaque: "quantity" } });
    expect(checked('quantity("1Gi").compareTo(quantity("1024Mi"))')).toEqual({ value: { int: "0" } });
    expect(checked('quantity("500m").compareTo(quantity("1"))')).toEqual({ value: { int: "-1" } });
    expect(checked('quantity("2").isGreaterThan(quantity("1500m"))')).toEqual({ value: true });
    expect(checked('quantity("2").isLessThan(quantity("1500m"))')).toEqual({ value: false });
    expect(checked('isQuantity("1Gi") && !isQuantity("abc")')).toEqual({ value: true });
    expect(checked("isQuantity(string(object.a))")).toEqual({ value: true });
    expect(checked('quantity("abc")')).toHaveProperty("error");
    expect(checked("quantity(object.s)")).toHaveProperty("error");
    expect(checked("quantity(object.a)")).toHaveProperty("error");
  });
});

describe("compileCelSet: shared subexpressions", () => {
  /** An object that counts how often its `l` is read. */
  function counting(l: unknown[]): { object: Record<string, unknown>; reads: () => number } {
    let reads = 0;
    const object = {
      get l() {
        reads += 1;
        return l;
      },
    };
    return { object, reads: () => reads };
  }

  it("evaluates a subexpression the expressions share once per reset, and afresh after reset()", () => {
    const set = compileCelSet([
      { expression: "object.l[0] + 1 == 6 && true", scope: "s" },
      { expression: "object.l[0] + 1 == 6 || false", scope: "s" },
    ]);
    expect(set.sharedCount).toBeGreaterThan(0);
    const [first, second] = set.evaluators as [CelEvaluator, CelEvaluator];
    const one = counting([5]);
    set.reset();
    expect(first({ object: one.object, variables: {} })).toBe(true);
    expect(second({ object: one.object, variables: {} })).toBe(true);
    expect(one.reads()).toBe(1);
    const two = counting([6]);
    set.reset();
    expect(first({ object: two.object, variables: {} })).toBe(false);
    expect(second({ object: two.object, variables: {} })).toBe(false);
    expect(two.reads()).toBe(1);
  });

  it("remembers an error and throws it again, even where it was absorbed the first time", () => {
    const set = compileCelSet([
      { expression: "dyn(dyn(object.l)[3]) == 1 || true", scope: "s" },
      { expression: "dyn(dyn(object.l)[3]) == 1", scope: "s" },
    ]);
    const [absorbing, plain] = set.evaluators as [CelEvaluator, CelEvaluator];
    const empty = counting([]);
    set.reset();
    expect(absorbing({ object: empty.object, variables: {} })).toBe(true);
    let thrown: unknown;
    try {
      plain({ object: empty.object, variables: {} });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CelEvaluationError);
    // The same error object, not a second evaluation.
    expect(() => plain({ object: empty.object, variables: {} })).toThrow(thrown as Error);
    expect(empty.reads()).toBe(1);
    // Until reset() the remembered error stands, whatever the object (that is what reset is for).
    const full = counting([0, 0, 0, 1]);
    expect(() => plain({ object: full.object, variables: {} })).toThrow(thrown as Error);
    set.reset();
    expect(plain({ object: full.object, variables: {} })).toBe(true);
    expect(absorbing({ object: full.object, variables: {} })).toBe(true);
    expect(full.reads()).toBe(1);
  });

  it("remembers an unmodelled case too, and throws it again", () => {
    const set = compileCelSet([
      { expression: "object.m[object.i].y == 1", scope: "s" },
      { expression: "object.m[object.i].y == 1 || true", scope: "s" },
    ]);
    const [a, b] = set.evaluators as [CelEvaluator, CelEvaluator];
    // A map indexed by an int: cel-js looks it up by its string form in some maps, not in others.
    const input = { object: { m: { "1": { y: 1 } }, i: 1 }, variables: {} };
    set.reset();
    expect(() => a(input)).toThrow(CelUnmodelledError);
    expect(() => b(input)).toThrow(CelUnmodelledError);
  });

  it("shares only within a scope, and never a subexpression that reads a comprehension variable", () => {
    const scoped = compileCelSet([
      { expression: "variables.v + 1 + 2", scope: "one" },
      { expression: "variables.v + 1 + 2", scope: "two" },
    ]);
    expect(scoped.sharedCount).toBe(0);
    const [one, two] = scoped.evaluators as [CelEvaluator, CelEvaluator];
    expect(one({ object: {}, variables: { v: 1 } })).toBe(4);
    expect(two({ object: {}, variables: { v: 10 } })).toBe(13);
    const bound = compileCelSet([
      { expression: "object.l.map(x, x + 1 + 2)", scope: "s" },
      { expression: "object.l.map(x, x + 1 + 2)", scope: "s" },
    ]);
    const [m] = bound.evaluators as [CelEvaluator];
    bound.reset();
    expect(m({ object: { l: [1, 2, 3] }, variables: {} })).toEqual([4, 5, 6]);
    // Nested comprehensions with the same variable name: the inner one shadows.
    expect(checked("[1, 2].map(x, [10, 20].map(x, x + 1))")).toEqual({
      value: { list: [{ list: [{ int: "11" }, { int: "21" }] }, { list: [{ int: "11" }, { int: "21" }] }] },
    });
    expect(checked("[1, 2].map(x, [10].map(y, x + y))")).toEqual({
      value: { list: [{ list: [{ int: "11" }] }, { list: [{ int: "12" }] }] },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Where cel-js departs from CEL or reads values its own way: this evaluator must agree, or not
// compile the expression, or say it does not model the case (cel-js then decides).
// ---------------------------------------------------------------------------------------------

/** Agreement with cel-js, or the case left to cel-js (not compiled, or not modelled). */
function agreesOrDefers(
  expression: string,
  object: unknown,
  variables: Record<string, unknown> = {},
): "agrees" | "unsupported" | "unmodelled" {
  const run = compileCelSet([{ expression, scope: "" }]).evaluators[0];
  if (run instanceof CelUnsupportedError) return "unsupported";
  const program = celJsProgram(expression);
  if (program === undefined) throw new Error(`cel-js rejects ${expression}`);
  const input = { object, variables };
  const [ours, celJs] = [ourOutcome(run as CelEvaluator, input), celJsOutcome(program, input)];
  if ("unmodelled" in ours) return "unmodelled";
  expect(
    agree(ours, celJs),
    `${expression}: ours ${JSON.stringify(ours)}, cel-js ${JSON.stringify(celJs)}`,
  ).toBe(true);
  return "agrees";
}

describe("compileCelSet: where cel-js reads CEL its own way", () => {
  it("evaluates orValue()'s default only when the optional is empty, as cel-js does", () => {
    expect(checked("object.?a.orValue(object.b)", { a: 1 })).toEqual({ value: { int: "1" } });
    expect(checked('dyn(object)[?"a"].orValue(object.b)', { a: 1 })).toEqual({ value: { int: "1" } });
    expect(checked("object.?x.orValue(object.b)", { a: 1 })).toHaveProperty("error");
  });

  // cel-js binds <, <=, >, >= and `in` tighter than == and != (CEL's grammar puts them on one level).
  it("does not compile relations chained without parentheses", () => {
    expect(agreesOrDefers("true == 1 in [1]", {})).toBe("unsupported");
    expect(agreesOrDefers("dyn(true) == 1 < 2", {})).toBe("unsupported");
    expect(agreesOrDefers("true == (1 in [1])", {})).toBe("agrees");
  });

  // cel-js drops the keys `__proto__` and `constructor` from a map literal.
  it("does not compile a map literal with a key cel-js drops", () => {
    expect(agreesOrDefers('size({"__proto__": 1})', {})).toBe("unsupported");
    expect(agreesOrDefers('"constructor" in {"constructor": 1}', {})).toBe("unsupported");
    expect(agreesOrDefers('"toString" in {"toString": 1}', {})).toBe("agrees");
  });

  // cel-js checks values against the static type it infers for a mixed literal: `[{}, 0.5].all(x,
  // true)` is its error "Variable 'x' is not of type 'double'".
  it("does not compile a list or map literal of mixed static types; dyn() elements and one primitive type are compiled", () => {
    expect(agreesOrDefers("[{}, 0.5].all(x, true)", {})).toBe("unsupported");
    expect(agreesOrDefers('[[], ""][0]', {})).toBe("unsupported");
    expect(agreesOrDefers('{"a": [], "b": 0.5}.all(k, true)', {})).toBe("unsupported");
    expect(agreesOrDefers("[dyn({}), dyn(0.5)].all(x, true)", {})).toBe("agrees");
    expect(agreesOrDefers('["a", "b"].exists(x, x == "b")', {})).toBe("agrees");
    expect(agreesOrDefers("[object.a, object.b].all(x, x == 1)", { a: 1, b: 2 })).toBe("agrees");
  });

  // cel-js types `["a"] + x` as a list of strings and checks each element read from it.
  it("does not compile a sum of lists whose static element types differ", () => {
    expect(agreesOrDefers('(["a"] + object.l).exists(x, x == "zz")', { l: [1] })).toBe("unsupported");
    expect(agreesOrDefers('("a,b".split(",") + object.l)[2]', { l: [1] })).toBe("unsupported");
    expect(agreesOrDefers('(object.l.map(x, "q") + object.l).exists(y, y == "zz")', { l: [1] })).toBe(
      "unsupported",
    );
    expect(agreesOrDefers("([] + object.l).exists(x, x == 1)", { l: [1] })).toBe("agrees");
    expect(agreesOrDefers('(["a"] + ["b"]).exists(x, x == "b")', {})).toBe("agrees");
    expect(agreesOrDefers('"a" + object.s + "b"', { s: "x" })).toBe("agrees");
  });

  // A remembered subexpression gives the same quantity object to both sides of ==; cel-js compares
  // two quantities (or optionals) as unequal even so.
  it("leaves == of quantities and optionals to cel-js, shared subexpressions or not", () => {
    const q = "dyn(quantity(string(object.a.b.c.d.e)))";
    const set = compileCelSet([{ expression: `${q} == ${q}`, scope: "" }]);
    const run = set.evaluators[0] as CelEvaluator;
    expect(set.sharedCount).toBeGreaterThan(0);
    set.reset();
    expect(() => run({ object: { a: { b: { c: { d: { e: "1Gi" } } } } }, variables: {} })).toThrow(
      CelUnmodelledError,
    );
    expect(agreesOrDefers("dyn(object.?a) == dyn(object.?a)", { a: 1 })).toBe("unmodelled");
  });

  it("reads only its own type names: a name Object.prototype has is not one", () => {
    for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"])
      expect(
        compileCelSet([{ expression: `type(object.a) == ${name}`, scope: "" }]).evaluators[0],
      ).toBeInstanceOf(CelUnsupportedError);
    expect(agreesOrDefers("type(object.a) == map", { a: {} })).toBe("agrees");
  });

  it("does not compile a chain too long to evaluate without deep recursion", () => {
    expect(
      compileCelSet([{ expression: `true${" && true".repeat(5000)}`, scope: "" }]).evaluators[0],
    ).toBeInstanceOf(CelUnsupportedError);
    expect(
      compileCelSet([{ expression: `object${".a".repeat(5000)}`, scope: "" }]).evaluators[0],
    ).toBeInstanceOf(CelUnsupportedError);
    expect(agreesOrDefers(`true${" && true".repeat(100)}`, {})).toBe("agrees");
  });

  // cel-js looks a key that is not a string up by its string form in a map literal or in
  // `variables` (plain objects there), and finds nothing in the object's data (Maps there).
  it("leaves an index by a key that is not a string on a map to cel-js", () => {
    expect(agreesOrDefers('{"1": 5}[?1].orValue(0)', {})).toBe("unmodelled");
    expect(agreesOrDefers('dyn({"a": 5})[?["a"]].orValue(0)', {})).toBe("unmodelled");
    expect(agreesOrDefers('dyn(variables)[?["v"]].orValue(null)', {}, { v: 1 })).toBe("unmodelled");
    expect(agreesOrDefers("dyn(variables)[?variables].orValue(null)", {}, { v: 1 })).toBe("unmodelled");
    expect(agreesOrDefers("dyn(object)[?1].orValue(7)", { "1": 5 })).toBe("unmodelled");
    // A list by an int, in range or not, is modelled.
    expect(checked("dyn(object.l)[?1].orValue(7)", { l: [1, 2] })).toEqual({ value: { int: "2" } });
    expect(checked("dyn(object.l)[?5].orValue(7)", { l: [1, 2] })).toEqual({ value: { int: "7" } });
  });

  // Not a discrepancy (CelUnsupportedError is allowed): cel-js reads a bare conditional in the
  // then branch, which CEL's grammar does not allow; this parser does not.
  it("leaves `a ? b ? c : d : e` to cel-js", () => {
    expect(celJsProgram("true ? true ? 1 : 2 : 3")).toBeDefined();
    expect(
      compileCelSet([{ expression: "true ? true ? 1 : 2 : 3", scope: "" }]).evaluators[0],
    ).toBeInstanceOf(CelUnsupportedError);
  });
});

describe("regular expressions are RE2's, in this evaluator and in cel-js as the engine sets it up", () => {
  it("accepts RE2 syntax JavaScript lacks or reads otherwise, and refuses what RE2 refuses", () => {
    const cases: [string, string, boolean | "error"][] = [
      ["teama", "^[[:alpha:]]+$", true],
      ["team-a", "^[[:alpha:]]+$", false],
      ["teama", "(?i)^TEAM", true],
      ["A", "\\x{41}", true],
      ["xa.by", "\\Qa.b\\E", true],
      ["xaxby", "\\Qa.b\\E", false],
      ["a", "\\Z", "error"],
      ["aa", "(a)\\1", "error"],
      ["a", "(?=a)", "error"],
    ];
    for (const [s, pattern, expected] of cases) {
      const expression = `${JSON.stringify(s)}.matches(${JSON.stringify(pattern)})`;
      const { ours, celJs } = both(expression, {});
      const want = expected === "error" ? { error: expect.any(String) } : { value: expected };
      expect(ours, expression).toEqual(want);
      expect(celJs, expression).toEqual(want);
    }
  });

  it("rewrites the matches method outside string literals only", () => {
    // CEL: '.matches(' + x.matches("a.matches(b)") + r"\".matches("\\d") + "\\".matches(".")
    const source = `'.matches(' + x.matches("a.matches(b)") + r"\\".matches("\\\\d") + "\\\\".matches(".")`;
    expect(celJsSource(source)).toBe(
      `'.matches(' + x.re2Matches("a.matches(b)") + r"\\".re2Matches("\\\\d") + "\\\\".re2Matches(".")`,
    );
  });
});
