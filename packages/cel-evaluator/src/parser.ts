import { CelUnsupportedError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

/** A node of a parsed CEL expression; `text` is its source, with which shared subexpressions are found. */
export type CelNode = { readonly text: string } & (
  | { readonly kind: "literal"; readonly value: null | boolean | number | string; readonly double: boolean }
  | { readonly kind: "ident"; readonly name: string }
  | { readonly kind: "select"; readonly operand: CelNode; readonly field: string; readonly optional: boolean }
  | { readonly kind: "index"; readonly operand: CelNode; readonly index: CelNode; readonly optional: boolean }
  | {
      readonly kind: "call";
      readonly name: string;
      readonly target: CelNode | undefined;
      readonly args: readonly CelNode[];
    }
  | { readonly kind: "unary"; readonly op: "!" | "-"; readonly arg: CelNode }
  | { readonly kind: "binary"; readonly op: string; readonly left: CelNode; readonly right: CelNode }
  | { readonly kind: "conditional"; readonly cond: CelNode; readonly then: CelNode; readonly else: CelNode }
  | { readonly kind: "list"; readonly items: readonly CelNode[] }
  | { readonly kind: "map"; readonly entries: readonly { readonly key: CelNode; readonly value: CelNode }[] }
);

/** The level of the relations (`==`, `<`, `in`, …) in {@link Parser.LEVELS}. */
const RELATION_LEVEL = 2;

/** Deepest nesting the parser follows; deeper source is left to a general evaluator. */
const MAX_DEPTH = 250;

/** A tree's depth, found without recursion. */
function depthOf(root: CelNode): number {
  let deepest = 0;
  const stack: [CelNode, number][] = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [n, depth] = top;
    deepest = Math.max(deepest, depth);
    for (const child of childrenOf(n)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A node's children, in source order.
 *
 * @param n - the node
 * @returns its children
 */
export function childrenOf(n: CelNode): readonly CelNode[] {
  switch (n.kind) {
    case "literal":
    case "ident":
      return [];
    case "select":
      return [n.operand];
    case "index":
      return [n.operand, n.index];
    case "call":
      return n.target ? [n.target, ...n.args] : n.args;
    case "unary":
      return [n.arg];
    case "binary":
      return [n.left, n.right];
    case "conditional":
      return [n.cond, n.then, n.else];
    case "list":
      return n.items;
    case "map":
      return n.entries.flatMap((e) => [e.key, e.value]);
  }
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): CelNode {
    const node = this.expr();
    if (this.peek().type !== "end") throw this.fail(`unexpected ${JSON.stringify(this.peek().value)}`);
    // Chains (`a && b && …`, `a.b.c…`) are read in loops, not recursion: their depth is checked here.
    if (depthOf(node) > MAX_DEPTH) throw this.fail("nesting too deep");
    return node;
  }

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.type === "punct" && t.value === p;
  }

  private take(p: string): Token {
    if (!this.isPunct(p))
      throw this.fail(`expected ${JSON.stringify(p)}, found ${JSON.stringify(this.peek().value)}`);
    return this.tokens[this.at++] as Token;
  }

  private fail(what: string): CelUnsupportedError {
    return new CelUnsupportedError(`cannot parse CEL at offset ${this.peek().start}: ${what}`);
  }

  private text(start: number): string {
    const previous = this.tokens[this.at - 1] as Token;
    return this.source.slice(start, previous.end);
  }

  private expr(): CelNode {
    if (++this.depth > MAX_DEPTH) throw this.fail("nesting too deep");
    const start = this.peek().start;
    const cond = this.binaryLevel(0);
    let node = cond;
    if (this.isPunct("?")) {
      this.take("?");
      const then = this.binaryLevel(0);
      this.take(":");
      const otherwise = this.expr();
      node = { kind: "conditional", cond, then, else: otherwise, text: this.text(start) };
    }
    this.depth -= 1;
    return node;
  }

  /** Binary operators by precedence, loosest first; all are left-associative. */
  private static readonly LEVELS: readonly (readonly string[])[] = [
    ["||"],
    ["&&"],
    ["==", "!=", "<", "<=", ">", ">=", "in"],
    ["+", "-"],
    ["*", "/", "%"],
  ];

  private binaryLevel(level: number): CelNode {
    const ops = Parser.LEVELS[level];
    if (ops === undefined) return this.unary();
    const start = this.peek().start;
    let left = this.binaryLevel(level + 1);
    for (let chained = false; ; chained = true) {
      const t = this.peek();
      const op = t.type === "punct" || (t.type === "ident" && t.value === "in") ? String(t.value) : undefined;
      if (op === undefined || !ops.includes(op)) return left;
      // CEL's grammar puts every relation on one level; cel-js binds `<`, `in` and the like
      // tighter than `==`: an unparenthesised chain of relations means something else in each.
      if (chained && level === RELATION_LEVEL) throw this.fail("relations chained without parentheses");
      this.at += 1;
      const right = this.binaryLevel(level + 1);
      left = { kind: "binary", op, left, right, text: this.text(start) };
    }
  }

  private unary(): CelNode {
    const start = this.peek().start;
    if (this.isPunct("!") || this.isPunct("-")) {
      const op = this.tokens[this.at++]?.value as "!" | "-";
      const next = this.peek();
      if (op === "-" && (next.type === "int" || next.type === "double")) {
        const operand = this.member();
        if (operand.kind === "literal" && operand.text === this.source.slice(next.start, next.end)) {
          return {
            kind: "literal",
            value: -(operand.value as number),
            double: operand.double,
            text: this.text(start),
          };
        }
        return { kind: "unary", op, arg: operand, text: this.text(start) };
      }
      if (++this.depth > MAX_DEPTH) throw this.fail("nesting too deep");
      const arg = this.unary();
      this.depth -= 1;
      return { kind: "unary", op, arg, text: this.text(start) };
    }
    return this.member();
  }

  private member(): CelNode {
    const start = this.peek().start;
    let node = this.primary();
    for (;;) {
      if (this.isPunct(".") || this.isPunct(".?")) {
        const optional = this.take(String(this.peek().value)).value === ".?";
        const name = this.peek();
        if (name.type !== "ident") throw this.fail("expected a field name");
        this.at += 1;
        if (!optional && this.isPunct("(")) {
          const args = this.args(")");
          node = { kind: "call", name: String(name.value), target: node, args, text: this.text(start) };
        } else {
          node = {
            kind: "select",
            operand: node,
            field: String(name.value),
            optional,
            text: this.text(start),
          };
        }
      } else if (this.isPunct("[") || this.isPunct("[?")) {
        const optional = this.take(String(this.peek().value)).value === "[?";
        const index = this.expr();
        this.take("]");
        node = { kind: "index", operand: node, index, optional, text: this.text(start) };
      } else {
        return node;
      }
    }
  }

  private args(close: string): CelNode[] {
    this.take(close === ")" ? "(" : close === "]" ? "[" : "{");
    const items: CelNode[] = [];
    while (!this.isPunct(close)) {
      items.push(this.expr());
      if (!this.isPunct(close)) this.take(",");
    }
    this.take(close);
    return items;
  }

  private primary(): CelNode {
    const t = this.peek();
    const start = t.start;
    switch (t.type) {
      case "int":
      case "double":
      case "string":
        this.at += 1;
        return { kind: "literal", value: t.value, double: t.type === "double", text: this.text(start) };
      case "ident": {
        this.at += 1;
        const name = String(t.value);
        if (name === "true" || name === "false")
          return { kind: "literal", value: name === "true", double: false, text: name };
        if (name === "null") return { kind: "literal", value: null, double: false, text: name };
        if (this.isPunct("("))
          return { kind: "call", name, target: undefined, args: this.args(")"), text: this.text(start) };
        return { kind: "ident", name, text: name };
      }
      case "punct":
        if (t.value === "(") {
          this.at += 1;
          const inner = this.expr();
          this.take(")");
          return inner;
        }
        if (t.value === "[") return { kind: "list", items: this.args("]"), text: this.text(start) };
        if (t.value === "{") return this.mapLiteral();
        throw this.fail(`unexpected ${JSON.stringify(t.value)}`);
      default:
        throw this.fail("unexpected end of expression");
    }
  }

  private mapLiteral(): CelNode {
    const start = this.peek().start;
    this.take("{");
    const entries: { key: CelNode; value: CelNode }[] = [];
    while (!this.isPunct("}")) {
      const key = this.expr();
      this.take(":");
      entries.push({ key, value: this.expr() });
      if (!this.isPunct("}")) this.take(",");
    }
    this.take("}");
    return { kind: "map", entries, text: this.text(start) };
  }
}

/**
 * Parses CEL source to a tree. The grammar is CEL's (conditional, `||`, `&&`, relations, `+ -`,
 * `* / %`, unary `! -`, member selection, optional selection `.?` and `[?]`, calls, list and map
 * literals); literals are double-quoted strings, decimal numbers, `true`, `false` and `null`.
 *
 * @param source - CEL source
 * @returns the tree
 * @throws CelUnsupportedError when the source is outside what this parser reads
 */
export function parseCel(source: string): CelNode {
  return new Parser(source, tokenize(source)).parse();
}
