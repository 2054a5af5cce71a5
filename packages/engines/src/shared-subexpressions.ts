import type { Environment, ParseResult } from "@marcbachmann/cel-js";

/** Parses CEL expressions so that subexpressions shared between them are evaluated once per object. */
export interface SubexpressionCache {
  /**
   * Parses an expression.
   *
   * @param env - the environment
   * @param expression - CEL source
   * @param scope - what `variables` means where the expression runs: the definitions it can see
   * @returns the evaluator
   */
  parse(env: Environment, expression: string, scope: string): (context: Record<string, unknown>) => unknown;
  /** Called once every expression is parsed: wraps the shared subexpressions. */
  seal(): void;
  /** Forgets every remembered value: call before each new object. */
  reset(): void;
}

/**
 * The part of a cel-js 8 AST node this module relies on (the library's `ASTNode`, whose `evaluate`
 * is an own property once set and whose `meta` holds the macro expansion).
 */
interface Node {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
  readonly end: number;
  readonly input: string;
  readonly meta: { readonly alternate?: Node; readonly macro?: Node & { evaluate(ev: unknown, ast: unknown, ctx: unknown): unknown }; readonly evaluate: Evaluate };
  evaluate: Evaluate;
}

type Evaluate = (ev: unknown, ast: unknown, ctx: unknown) => unknown;

/** What the evaluator of an object's context provides: the only free names a shared subexpression may have. */
const CONTEXT_NAMES = new Set(["object", "variables"]);

/** Macros that bind no name: `has(x.y)`, `opt.or(other)`, `opt.orValue(default)`. */
const NON_BINDING_MACROS = new Set(["has", "or", "orValue"]);

/** Smallest subexpression worth remembering, in nodes. */
const MIN_NODES = 4;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).op === "string" && "start" in value && "meta" in value;
}

/** What the analysis knows of a subtree. */
interface Analysis {
  /** Its free names, or undefined when it binds names in a way this module does not follow. */
  readonly free: readonly string[] | undefined;
  readonly nodes: number;
  /** Equal for subtrees of the same structure (operators, names, literals), within one cache. */
  readonly shape: number;
  /** Its key among the candidates for sharing, when it is one. */
  readonly key?: string;
}

function union(into: string[], names: readonly string[]): void {
  for (const n of names) if (!into.includes(n)) into.push(n);
}

/** A literal or name inside a node's arguments, as text that tells types apart (`1`, `1n`, `"1"`). */
function literalText(value: unknown): string {
  if (typeof value === "string") return `s${value.length}:${value}`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return `${Object.is(value, -0) ? "-0" : String(value)}d`;
  if (value instanceof Uint8Array) return `b[${value.join(",")}]`;
  if (value === null || typeof value === "boolean") return String(value);
  // Anything else (an unsigned int, a future literal type) gets a text of its own: never shared.
  unknownLiterals += 1;
  return `?${unknownLiterals}`;
}

let unknownLiterals = 0;

/**
 * Finds subexpressions that several expressions share (the same source text, reading only
 * `object` and `variables` with the same variable definitions in force) and evaluates each once
 * per object. A remembered value is exactly what the subexpression would evaluate to again: the
 * values of `object` and `variables` do not change while an object is evaluated, CEL has no side
 * effects, and an evaluation that throws is not remembered (it throws again where it is reached).
 *
 * This wraps the `evaluate` of cel-js AST nodes, so it relies on cel-js 8's AST shape; the
 * engine tests check the CEL engine against the oracle with it in place.
 *
 * @returns the cache
 */
export function shareCommonSubexpressions(): SubexpressionCache {
  const candidates = new Map<string, { readonly name: string | undefined; readonly nodes: Node[] }>();
  let epoch = 1;
  const stamps: number[] = [];
  const values: unknown[] = [];

  const shapes = new Map<string, number>();
  const shapeOf = (text: string): number => {
    let id = shapes.get(text);
    if (id === undefined) {
      id = shapes.size;
      shapes.set(text, id);
    }
    return id;
  };
  const scopes = new Map<string, number>();
  const parsedByText = new Map<string, { readonly run: ParseResult; readonly rootKey: string | undefined }>();

  const analyse = (node: Node, scope: number): Analysis => {
    let free: string[] | undefined = node.op === "id" ? [node.args as string] : [];
    let nodes = 1;
    const argText = (v: unknown): string => {
      if (isNode(v)) {
        const a = analyse(v, scope);
        nodes += a.nodes;
        if (!a.free) free = undefined;
        else if (free) union(free, a.free);
        return `#${a.shape}`;
      }
      if (Array.isArray(v)) return `[${v.map(argText).join(",")}]`;
      return literalText(v);
    };
    const shape = shapeOf(`${node.op}(${node.op === "value" ? literalText(node.args) : argText(node.args)})`);
    const alternate = node.meta.alternate;
    if (node.meta.macro && !(node.op === "rcall" || node.op === "call" ? NON_BINDING_MACROS.has((node.args as [string])[0]) : false)) free = undefined;
    if (alternate && alternate.op === "comprehension") {
      const bound = (alternate.args as { iterVarName?: unknown; iterVar2Name?: unknown }) ?? {};
      if (typeof bound.iterVarName !== "string" || bound.iterVar2Name !== undefined) free = undefined;
      else free = free?.filter((n) => n !== bound.iterVarName);
    } else if (alternate) free = undefined;
    const others = free ? free.filter((n) => !CONTEXT_NAMES.has(n)) : [];
    if (free && nodes >= MIN_NODES && others.length <= 1) {
      const key = `${others[0] ?? ""}\u0000${free.includes("variables") ? scope : ""}\u0000${shape}`;
      const list = candidates.get(key);
      if (list) list.nodes.push(node);
      else candidates.set(key, { name: others[0], nodes: [node] });
      return { free, nodes, shape, key };
    }
    return { free, nodes, shape };
  };

  const evaluateUnwrapped = (node: Node, ev: unknown, ctx: unknown): unknown => {
    const { alternate, macro, evaluate } = node.meta;
    return alternate ? alternate.evaluate(ev, alternate, ctx) : macro ? macro.evaluate(ev, macro, ctx) : evaluate(ev, node, ctx);
  };

  /** A subexpression of `object` and `variables` only: one value per object. */
  const wrapOnce = (node: Node, slot: number): void => {
    node.evaluate = (ev, _ast, ctx) => {
      if (stamps[slot] === epoch) return values[slot];
      const value = evaluateUnwrapped(node, ev, ctx);
      values[slot] = value;
      stamps[slot] = epoch;
      return value;
    };
  };

  /**
   * A subexpression that also reads one comprehension variable (`c1`): one value per object and
   * value of that variable (the same container, the same string).
   */
  const wrapPerValue = (node: Node, slot: number, name: string): void => {
    node.evaluate = (ev, _ast, ctx) => {
      let byValue = values[slot] as Map<unknown, unknown>;
      if (stamps[slot] !== epoch) {
        byValue = new Map();
        values[slot] = byValue;
        stamps[slot] = epoch;
      }
      const current = (ctx as { getValue(name: string): unknown }).getValue(name);
      if (byValue.has(current)) return byValue.get(current);
      const value = evaluateUnwrapped(node, ev, ctx);
      byValue.set(current, value);
      return value;
    };
  };

  return {
    parse(env, expression, scope) {
      let scopeId = scopes.get(scope);
      if (scopeId === undefined) {
        scopeId = scopes.size;
        scopes.set(scope, scopeId);
      }
      // The same expression in the same scope (every pod rule's podSpec variable) is parsed once
      // and shares its AST; it counts as one more occurrence of its whole.
      const textKey = `${scopeId}\u0000${expression}`;
      const known = parsedByText.get(textKey);
      if (known) {
        if (known.rootKey !== undefined && isNode(known.run.ast)) candidates.get(known.rootKey)?.nodes.push(known.run.ast);
        return known.run as (context: Record<string, unknown>) => unknown;
      }
      const parsed = env.parse(expression);
      const root = parsed.ast as unknown;
      const rootKey = isNode(root) ? analyse(root, scopeId).key : undefined;
      parsedByText.set(textKey, { run: parsed, rootKey });
      return parsed as (context: Record<string, unknown>) => unknown;
    },
    seal() {
      for (const { name, nodes } of candidates.values()) {
        if (nodes.length < 2) continue;
        const slot = stamps.length;
        stamps.push(0);
        values.push(undefined);
        for (const node of nodes) {
          if (name === undefined) wrapOnce(node, slot);
          else wrapPerValue(node, slot, name);
        }
      }
      candidates.clear();
      shapes.clear();
      scopes.clear();
      parsedByText.clear();
    },
    reset() {
      epoch += 1;
      values.fill(undefined);
    },
  };
}
