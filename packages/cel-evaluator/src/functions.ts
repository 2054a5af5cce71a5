import { parseQuantity } from "@tollgate/rule-dsl";
import { CelEvaluationError, CelUnmodelledError } from "./errors.js";
import { codePointLength, elementOf, hasSurrogate, keysOf, kindOf, Quantity, typeValue } from "./values.js";

/** A function of evaluated arguments (the receiver first for a method). */
export type CelFunction = (args: readonly unknown[]) => unknown;

function noOverload(name: string, args: readonly unknown[]): CelEvaluationError {
  return new CelEvaluationError(`found no matching overload for '${name}(${args.map((a) => kindOf(a)).join(", ")})'`);
}

/** Kinds whose behaviour in a function this evaluator does not claim to know. */
const UNMODELLED_KINDS = new Set(["quantity", "type", "optional"]);

/**
 * Raises "no matching overload" for arguments of kinds CEL has no overload for, and an
 * unmodelled error for kinds this evaluator does not claim to know.
 */
function reject(name: string, args: readonly unknown[]): never {
  for (const a of args) if (UNMODELLED_KINDS.has(kindOf(a))) throw new CelUnmodelledError(`${name} of a ${kindOf(a)}`);
  throw noOverload(name, args);
}

function strings(name: string, args: readonly unknown[]): string[] {
  for (const a of args) if (typeof a !== "string") reject(name, args);
  return args as string[];
}

function ints(name: string, args: readonly unknown[], from: number): void {
  for (let i = from; i < args.length; i++) if (kindOf(args[i]) !== "int") reject(name, args);
}

const regexes = new Map<string, RegExp | CelEvaluationError>();

function regexOf(pattern: string): RegExp {
  let r = regexes.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern);
    } catch {
      r = new CelEvaluationError(`invalid regular expression: ${pattern}`);
    }
    if (regexes.size > 10_000) regexes.clear();
    regexes.set(pattern, r);
  }
  if (r instanceof CelEvaluationError) throw r;
  return r;
}

function quantityOf(name: string, args: readonly unknown[]): Quantity[] {
  for (const a of args) if (!(a instanceof Quantity)) throw new CelUnmodelledError(`${name} of a ${kindOf(a)}`);
  return args as Quantity[];
}

function compareQuantities(args: readonly unknown[], name: string): number {
  const [a, b] = quantityOf(name, args) as [Quantity, Quantity];
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Receiver string and index arguments where code units and code points differ are left to a general evaluator. */
function bmpOnly(name: string, s: string): void {
  if (hasSurrogate(s)) throw new CelUnmodelledError(`${name} of a string outside the Basic Multilingual Plane`);
}

/** Global functions by name and arity (`name/arity`). */
export const GLOBAL_FUNCTIONS: ReadonlyMap<string, CelFunction> = new Map<string, CelFunction>([
  ["dyn/1", (args) => args[0]],
  [
    "size/1",
    (args) => {
      const v = args[0];
      switch (kindOf(v)) {
        case "string":
          return codePointLength(v as string);
        case "list":
          return (v as unknown[]).length;
        case "map":
          return keysOf(v as object).length;
        default:
          return reject("size", args);
      }
    },
  ],
  [
    "string/1",
    (args) => {
      const v = args[0];
      switch (kindOf(v)) {
        case "string":
          return v;
        case "bool":
          return v ? "true" : "false";
        case "int":
          return Number.isSafeInteger(v) ? String(v) : BigInt(v as number).toString();
        case "double":
          return String(v);
        default:
          return reject("string", args);
      }
    },
  ],
  ["type/1", (args) => typeValue(kindOf(args[0]))],
  ["isQuantity/1", (args) => parseQuantity(strings("isQuantity", args)[0]) !== undefined],
  [
    "quantity/1",
    (args) => {
      const text = strings("quantity", args)[0] as string;
      const value = parseQuantity(text);
      if (value === undefined) throw new CelEvaluationError(`quantities must match the regular expression, got "${text}"`);
      return new Quantity(value, text);
    },
  ],
]);

/** Methods by name and arity of their arguments (`name/arity`), called with the receiver first. */
export const METHODS: ReadonlyMap<string, CelFunction> = new Map<string, CelFunction>([
  ["startsWith/1", (args) => (strings("startsWith", args) as [string, string])[0].startsWith(args[1] as string)],
  ["endsWith/1", (args) => (strings("endsWith", args) as [string, string])[0].endsWith(args[1] as string)],
  ["contains/1", (args) => (strings("contains", args) as [string, string])[0].includes(args[1] as string)],
  ["matches/1", (args) => regexOf((strings("matches", args) as [string, string])[1]).test(args[0] as string)],
  [
    "substring/1",
    (args) => {
      if (typeof args[0] !== "string") reject("substring", args);
      ints("substring", args, 1);
      const [s, start] = args as [string, number];
      bmpOnly("substring", s);
      if (start < 0 || start > s.length) throw new CelEvaluationError("string.substring(start, end): start index out of range");
      return s.substring(start);
    },
  ],
  [
    "substring/2",
    (args) => {
      if (typeof args[0] !== "string") reject("substring", args);
      ints("substring", args, 1);
      const [s, start, end] = args as [string, number, number];
      bmpOnly("substring", s);
      if (start < 0 || start > s.length) throw new CelEvaluationError("string.substring(start, end): start index out of range");
      if (end < start || end > s.length) throw new CelEvaluationError("string.substring(start, end): end index out of range");
      return s.substring(start, end);
    },
  ],
  [
    "indexOf/1",
    (args) => {
      const [s, t] = strings("indexOf", args) as [string, string];
      bmpOnly("indexOf", s);
      return s.indexOf(t);
    },
  ],
  [
    "split/1",
    (args) => {
      const [s, sep] = strings("split", args) as [string, string];
      if (sep === "") bmpOnly("split", s);
      return s.split(sep);
    },
  ],
  ["join/0", (args) => joinList(args, "")],
  ["join/1", (args) => joinList(args, (strings("join", args.slice(1)) as [string])[0])],
  ["compareTo/1", (args) => compareQuantities(args, "compareTo")],
  ["isGreaterThan/1", (args) => compareQuantities(args, "isGreaterThan") > 0],
  ["isLessThan/1", (args) => compareQuantities(args, "isLessThan") < 0],
]);

function joinList(args: readonly unknown[], sep: string): string {
  const list = args[0];
  if (kindOf(list) !== "list") reject("join", args);
  const items = list as unknown[];
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = elementOf(items, i);
    if (typeof item !== "string") throw new CelEvaluationError("string.join(separator): list must contain only strings");
    parts[i] = item;
  }
  return parts.join(sep);
}
