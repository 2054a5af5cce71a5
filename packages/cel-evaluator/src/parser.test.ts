import { describe, expect, it } from "vitest";
import { createCelJsEnvironment } from "./cel-js.js";
import { compileCelSet } from "./compile.js";
import { CelUnsupportedError } from "./errors.js";
import { tokenize } from "./lexer.js";
import { parseCel, type CelNode } from "./parser.js";

/** A tree as nested arrays, for readable expectations: operators, names and literal values only. */
function shape(n: CelNode): unknown {
  switch (n.kind) {
    case "literal":
      // An int literal is its number; a double is marked.
      return n.double ? { double: n.value } : n.value;
    case "ident":
      return n.name;
    case "select":
      return [n.optional ? ".?" : ".", shape(n.operand), n.field];
    case "index":
      return [n.optional ? "[?]" : "[]", shape(n.operand), shape(n.index)];
    case "call":
      return ["call", n.name, n.target ? shape(n.target) : null, ...n.args.map(shape)];
    case "unary":
      return [n.op, shape(n.arg)];
    case "binary":
      return [n.op, shape(n.left), shape(n.right)];
    case "conditional":
      return ["?:", shape(n.cond), shape(n.then), shape(n.else)];
    case "list":
      return ["list", ...n.items.map(shape)];
    case "map":
      return ["map", ...n.entries.map((e) => [shape(e.key), shape(e.value)])];
  }
}

const parsed = (source: string): unknown => shape(parseCel(source));

/** Why a source does not compile, or undefined when it does. */
function unsupported(source: string): string | undefined {
  const e = compileCelSet([{ expression: source, scope: "" }]).evaluators[0];
  return e instanceof CelUnsupportedError ? e.message : undefined;
}

describe("parseCel: precedence and associativity", () => {
  it("binds && tighter than ||, and both tighter than the conditional", () => {
    expect(parsed("a || b && c")).toEqual(["||", "a", ["&&", "b", "c"]]);
    expect(parsed("a && b || c")).toEqual(["||", ["&&", "a", "b"], "c"]);
    expect(parsed("a || b ? c : d")).toEqual(["?:", ["||", "a", "b"], "c", "d"]);
    expect(parsed("a ? b : c ? d : e")).toEqual(["?:", "a", "b", ["?:", "c", "d", "e"]]);
  });

  it("binds relations looser than + and -, which are left-associative", () => {
    expect(parsed("a + b == c - d")).toEqual(["==", ["+", "a", "b"], ["-", "c", "d"]]);
    expect(parsed("a - b - c")).toEqual(["-", ["-", "a", "b"], "c"]);
    expect(parsed("a + b in c")).toEqual(["in", ["+", "a", "b"], "c"]);
  });

  it("does not read relations chained without parentheses: CEL's grammar and cel-js read them differently", () => {
    // CEL puts every relation on one level; cel-js binds `<`, `<=`, `>`, `>=` and `in` tighter
    // than `==` and `!=` (`true == 1 in [1]` is true there, false by the grammar).
    for (const source of ["a == b < c", "a < b == c", "a in b in c", "true == 1 in [1]"])
      expect(() => parseCel(source)).toThrow(CelUnsupportedError);
    expect(parsed("(a == b) < c")).toEqual(["<", ["==", "a", "b"], "c"]);
    expect(parsed("a == (b < c)")).toEqual(["==", "a", ["<", "b", "c"]]);
  });

  it("binds unary operators tighter than binary ones, member access tighter still", () => {
    expect(parsed("!a && b")).toEqual(["&&", ["!", "a"], "b"]);
    expect(parsed("-a.b + c")).toEqual(["+", ["-", [".", "a", "b"]], "c"]);
    expect(parsed("!!a")).toEqual(["!", ["!", "a"]]);
  });

  it("accepts a conditional in the else branch but not, bare, in the then branch (CEL's grammar)", () => {
    expect(parsed("a ? (b ? c : d) : e")).toEqual(["?:", "a", ["?:", "b", "c", "d"], "e"]);
    expect(() => parseCel("a ? b ? c : d : e")).toThrow(CelUnsupportedError);
  });
});

describe("parseCel: literals", () => {
  it("reads a minus before a number as a negative literal", () => {
    expect(parseCel("-5")).toMatchObject({ kind: "literal", value: -5, double: false, text: "-5" });
    expect(parseCel("-2.5")).toMatchObject({ kind: "literal", value: -2.5, double: true });
    expect(parseCel("- 5")).toMatchObject({ kind: "literal", value: -5 });
    expect(parsed("1 - -5")).toEqual(["-", 1, -5]);
    expect(parsed("1-5")).toEqual(["-", 1, 5]);
    // Not before a parenthesis or a name: an operator.
    expect(parsed("-(5)")).toEqual(["-", 5]);
    expect(parsed("--5")).toEqual(["-", -5]);
  });

  it("tells int literals from double literals", () => {
    expect(parseCel("7")).toMatchObject({ kind: "literal", value: 7, double: false });
    expect(parseCel("0.5")).toMatchObject({ kind: "literal", value: 0.5, double: true });
    expect(parseCel("1e-7")).toMatchObject({ kind: "literal", value: 1e-7, double: true });
    expect(parseCel("9007199254740991")).toMatchObject({ value: 9007199254740991, double: false });
  });

  it("reads null, booleans, lists and maps", () => {
    expect(parsed("[null, true, false]")).toEqual(["list", null, true, false]);
    expect(parsed('{"a": 1, "b": [2]}')).toEqual(["map", ["a", 1], ["b", ["list", 2]]]);
    expect(parsed("[]")).toEqual(["list"]);
    expect(parsed("{}")).toEqual(["map"]);
  });

  it("reads the escapes of a double-quoted string", () => {
    expect(parseCel(String.raw`"a\nb\tc\\d\"e"`)).toMatchObject({ kind: "literal", value: 'a\nb\tc\\d"e' });
    expect(parseCel(String.raw`"\r\b\f\v\a\?\'\`"`)).toMatchObject({ value: "\r\b\f\v\x07?'`" });
    expect(parseCel(String.raw`"\u00e9\u0041"`)).toMatchObject({ value: "éA" });
    expect(parseCel('"é😀"')).toMatchObject({ value: "é😀" });
    expect(parseCel('""')).toMatchObject({ value: "" });
  });

  it.each(["n", "r", "t", "b", "f", "v", "a", "\\", '"', "'", "`", "?", "u00e9"])(
    "reads the escape \\%s as cel-js does",
    (escape) => {
      const source = `"x\\${escape}y"`;
      expect(parseCel(source)).toMatchObject({
        kind: "literal",
        value: createCelJsEnvironment().evaluate(source) as string,
      });
    },
  );

  // `\/` is no CEL escape; cel-js rejects it ("Invalid escape sequence: \/").
  it("rejects the escape \\/ as cel-js does", () => {
    expect(() => createCelJsEnvironment().parse(String.raw`"\/"`)).toThrow("Invalid escape sequence");
    expect(() => parseCel(String.raw`"\/"`)).toThrow(CelUnsupportedError);
  });
});

describe("parseCel: selection, optional selection, calls", () => {
  it("reads .? and [? as optional selection and index", () => {
    expect(parseCel("a.?b")).toMatchObject({ kind: "select", field: "b", optional: true });
    expect(parseCel("a.b")).toMatchObject({ kind: "select", field: "b", optional: false });
    expect(parseCel('a[?"k"]')).toMatchObject({
      kind: "index",
      optional: true,
      index: { kind: "literal", value: "k" },
    });
    expect(parseCel("a[0]")).toMatchObject({ kind: "index", optional: false });
    expect(parsed('dyn(a)[?"k"].?b.orValue(null)')).toEqual([
      "call",
      "orValue",
      [".?", ["[?]", ["call", "dyn", null, "a"], "k"], "b"],
      null,
    ]);
    // `.?` wins over `.` followed by `?`; `[?` over `[` followed by `?`.
    expect(tokenize("a.?b[?c]").map((t) => t.value)).toEqual(["a", ".?", "b", "[?", "c", "]", ""]);
  });

  it("reads methods, global calls and macros", () => {
    expect(parsed('a.startsWith("x")')).toEqual(["call", "startsWith", "a", "x"]);
    expect(parsed("size(a)")).toEqual(["call", "size", null, "a"]);
    expect(parsed("l.all(x, x > 0)")).toEqual(["call", "all", "l", "x", [">", "x", 0]]);
    expect(parsed("a.join()")).toEqual(["call", "join", "a"]);
  });

  it("keeps each node's source text, without the parentheses around it", () => {
    const n = parseCel("(object.a) + object.b[0]");
    expect(n.text).toBe("(object.a) + object.b[0]");
    expect(n).toMatchObject({ kind: "binary", left: { text: "object.a" }, right: { text: "object.b[0]" } });
  });
});

describe("parseCel and compileCelSet: what is outside the subset", () => {
  it.each([
    ["a single-quoted string", "'a'"],
    ["a bytes literal", 'b"x"'],
    ["a raw string", 'r"x\\n"'],
    ["a hexadecimal int", "0x10"],
    ["an unsigned int", "1u"],
    ["an int past 2^53", "9007199254740993"],
    ["a lone surrogate escape", String.raw`"\ud83d"`],
    ["an octal escape", String.raw`"\101"`],
    ["a hex escape", String.raw`"\x41"`],
    ["an unterminated string", '"abc'],
    ["a stray character", "a # b"],
    ["a trailing operator", "a +"],
    ["nesting past the depth limit", `${"(".repeat(300)}1${")".repeat(300)}`],
  ])("rejects %s when parsing", (_what, source) => {
    expect(() => parseCel(source)).toThrow(CelUnsupportedError);
    expect(unsupported(source)).toBeDefined();
  });

  it.each([
    ["*", "2 * 3"],
    ["/", "4 / 2"],
    ["%", "4 % 3"],
    ["an unknown identifier", "foo"],
    ["an unknown identifier in a path", "request.object"],
    ["an integral double literal", "1.0"],
    ["an integral double literal in exponent form", "1e3"],
    ["a negative integral double literal", "-2.0"],
    ["an unknown function", "has(object.a)"],
    ["an unknown method", "object.a.lowerAscii()"],
    ["a method with the wrong arity", 'object.a.startsWith("a", "b")'],
    ["an unknown macro", "object.l.filter(x, x)"],
    ["a macro with a variable that is not a name", "object.l.all(1, true)"],
    ["a map literal with a key that is not a string literal", "{1: 2}"],
    ["a map literal with a repeated key", '{"a": 1, "a": 2}'],
    ["a comprehension variable outside its comprehension", "object.l.all(x, true) && x"],
  ])("rejects %s when compiling", (_what, source) => {
    expect(unsupported(source)).toBeDefined();
  });

  it("compiles the names it knows: object, variables, and type names", () => {
    for (const source of [
      "object",
      "variables",
      "type(object) == map",
      "type(1) == int",
      "type(null) == null_type",
      "[1].all(x, x == 1)",
    ]) {
      expect(unsupported(source)).toBeUndefined();
    }
  });

  it("reports an unsupported expression in place of its evaluator, leaving the others compiled", () => {
    const set = compileCelSet([
      { expression: "2 * 3", scope: "" },
      { expression: "1 + 2", scope: "" },
    ]);
    expect(set.evaluators[0]).toBeInstanceOf(CelUnsupportedError);
    expect(typeof set.evaluators[1]).toBe("function");
  });
});
