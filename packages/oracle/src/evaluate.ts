import {
  apiGroupOf,
  excludedOperations,
  parseImagePart,
  parseQuantity,
  podSpecPathOf,
  type Expr,
  type Json,
  type PathSegment,
  type RuleIR,
  type ViolationIR,
} from "@tollgate/rule-dsl";
import { normalizeObject } from "./normalize.js";
import { deepEqual, MISSING, orDefault, regexTest, sameType, truthy, walk } from "./values.js";

/** A verdict: the rule passed, failed, did not apply, or could not be evaluated. */
export type Verdict = "pass" | "fail" | "skip" | "error";

/** One violation: the field that broke the rule and the message. */
export interface ViolationResult {
  readonly field: string;
  readonly message: string;
}

/** The oracle's answer for one rule and one object. */
export interface OracleResult {
  readonly verdict: Verdict;
  readonly violations: ViolationResult[];
}

/** What is under review, beyond the object. */
export interface ReviewContext {
  /** The admission operation; CREATE when not given. */
  readonly operation?: string;
  /**
   * The object is already the output of {@link normalizeObject} (an engine evaluating many rules
   * on one object normalises it once); otherwise it is normalised here.
   */
  readonly normalized?: boolean;
}

interface Scope {
  readonly object: Json;
  readonly podSpec: Json;
  readonly podSpecPath: string;
  readonly params: Readonly<Record<string, Json>>;
  readonly vars: ReadonlyMap<string, { value: Json; path: string }>;
  /** The rule's named sub-expressions, and the values computed so far for this object. */
  readonly lets: Readonly<Record<string, Expr>>;
  readonly letValues: Map<string, Json>;
}

/**
 * Whether a rule applies to an object: its kind is matched, the operation is one the rule
 * reviews, and the namespace is not excluded.
 *
 * @param rule - the rule
 * @param object - the normalised object
 * @param operation - the admission operation
 * @returns true when the rule applies
 */
export function ruleApplies(rule: RuleIR, object: Json, operation: string): boolean {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return false;
  const apiVersion = typeof object["apiVersion"] === "string" ? object["apiVersion"] : "";
  const group = apiGroupOf(apiVersion);
  const kindMatched = rule.match.kinds.some((k) => k.kind === object["kind"] && k.group === group);
  if (!kindMatched) return false;
  // Rules list the operations they review; an operation outside the four (or none) is reviewed.
  if ((excludedOperations(rule) as string[]).includes(operation)) return false;
  const metadata = object["metadata"];
  const ns =
    typeof metadata === "object" && metadata && !Array.isArray(metadata) ? metadata["namespace"] : undefined;
  return !(typeof ns === "string" && rule.match.excludedNamespaces.includes(ns));
}

/**
 * Evaluates a rule on an object with the IR's reference semantics.
 *
 * @param rule - the rule
 * @param rawObject - the object (parsed YAML or JSON)
 * @param params - parameters; absent ones take the rule's defaults
 * @param review - the admission operation
 * @returns the verdict and the violations with field paths
 */
export function evaluateRule(
  rule: RuleIR,
  rawObject: unknown,
  params: Readonly<Record<string, unknown>> = {},
  review: ReviewContext = {},
): OracleResult {
  const object = review.normalized ? (rawObject as Json) : normalizeObject(rawObject);
  if (!ruleApplies(rule, object, review.operation ?? "CREATE")) return { verdict: "skip", violations: [] };
  const kind = (object as Record<string, Json>)["kind"] as string;
  const specPath = podSpecPathOf(kind) ?? [];
  const effective = effectiveParams(rule, params);
  const scope: Scope = {
    object,
    podSpec: specPath.length > 0 ? orDefault(walk(object, specPath), {}) : {},
    podSpecPath: specPath.join("."),
    params: effective,
    vars: new Map(),
    lets: rule.lets,
    letValues: new Map(),
  };
  const violations = rule.violations.flatMap((v) => collect(v, 0, scope));
  return { verdict: violations.length > 0 ? "fail" : "pass", violations };
}

/**
 * A rule's parameters as its expressions read them: the given ones normalised, the others at
 * the rule's defaults.
 *
 * @param rule - the rule
 * @param params - the parameters given
 * @returns every parameter of the rule by name
 */
export function effectiveParams(
  rule: RuleIR,
  params: Readonly<Record<string, unknown>>,
): Record<string, Json> {
  const effective: Record<string, Json> = {};
  for (const [name, p] of Object.entries(rule.params)) {
    effective[name] =
      name in params && params[name] !== undefined ? normalizeObject(params[name]) : p.default;
  }
  return effective;
}

function collect(v: ViolationIR, depth: number, scope: Scope): ViolationResult[] {
  const iteration = v.each[depth];
  if (!iteration) {
    if (truthy(evalExpr(v.when, scope)) !== true) return [];
    return [{ field: String(evalExpr(v.field, scope)), message: String(evalExpr(v.message, scope)) }];
  }
  const bindings: { value: Json; path: string }[] = [];
  if (iteration.source.kind === "containers") {
    for (const list of iteration.source.lists) {
      const items = orDefault(walk(scope.podSpec, [list]), []);
      if (Array.isArray(items))
        items.forEach((value, i) => bindings.push({ value, path: `${scope.podSpecPath}.${list}[${i}]` }));
    }
  } else {
    const items = evalExpr(iteration.source.list, scope);
    const base = String(evalExpr(iteration.source.path, scope));
    if (Array.isArray(items)) items.forEach((value, i) => bindings.push({ value, path: `${base}[${i}]` }));
  }
  return bindings.flatMap((b) => {
    const vars = new Map(scope.vars);
    vars.set(iteration.var, b);
    return collect(v, depth + 1, { ...scope, vars });
  });
}

function resolvePath(path: readonly PathSegment[], scope: Scope): (string | Json)[] {
  return path.map((p) => (typeof p === "string" ? p : evalExpr(p, scope)));
}

/**
 * Evaluates one expression (exported for tests of single constructs).
 *
 * @param e - the expression
 * @param scope - the bindings
 * @returns its value
 */
function evalExpr(e: Expr, scope: Scope): Json {
  switch (e.op) {
    case "lit":
      return e.value;
    case "object":
      return scope.object;
    case "podSpec":
      return scope.podSpec;
    case "param":
      return scope.params[e.name] ?? null;
    case "var":
      return scope.vars.get(e.name)?.value ?? null;
    case "pathOf":
      return e.name === "$podSpec" ? scope.podSpecPath : (scope.vars.get(e.name)?.path ?? "");
    case "let": {
      if (scope.letValues.has(e.name)) return scope.letValues.get(e.name) ?? null;
      // Own definitions only: a name such as `constructor` is not one unless the rule defines it.
      const def = Object.prototype.hasOwnProperty.call(scope.lets, e.name) ? scope.lets[e.name] : undefined;
      if (!def) throw new Error(`named sub-expression ${e.name} is not defined`);
      const v = evalExpr(def, scope) ?? null;
      scope.letValues.set(e.name, v);
      return v;
    }
    case "get":
      return orDefault(walk(evalExpr(e.base, scope), resolvePath(e.path, scope)), e.default);
    case "has":
      return walk(evalExpr(e.base, scope), resolvePath(e.path, scope)) !== MISSING;
    case "cmp": {
      const l = evalExpr(e.left, scope);
      const r = evalExpr(e.right, scope);
      if (e.cmp === "eq") return deepEqual(l, r);
      if (e.cmp === "ne") return !deepEqual(l, r);
      if (!sameType(l, r) || (typeof l !== "number" && typeof l !== "string")) return false;
      const [a, b] = [l as number | string, r as number | string];
      return e.cmp === "lt" ? a < b : e.cmp === "le" ? a <= b : e.cmp === "gt" ? a > b : a >= b;
    }
    case "and":
      return e.args.every((a) => truthy(evalExpr(a, scope)));
    case "or":
      return e.args.some((a) => truthy(evalExpr(a, scope)));
    case "not":
      return !truthy(evalExpr(e.arg, scope));
    case "startsWith":
    case "endsWith":
    case "contains": {
      const s = evalExpr(e.s, scope);
      const t = evalExpr(e.t, scope);
      if (typeof s !== "string" || typeof t !== "string") return false;
      return e.op === "startsWith" ? s.startsWith(t) : e.op === "endsWith" ? s.endsWith(t) : s.includes(t);
    }
    case "matches": {
      const s = evalExpr(e.s, scope);
      const pattern = evalExpr(e.pattern, scope);
      return typeof s === "string" && typeof pattern === "string" && regexTest(pattern, s);
    }
    case "trimSuffix": {
      const s = evalExpr(e.s, scope);
      const t = evalExpr(e.t, scope);
      if (typeof s !== "string") return "";
      return typeof t === "string" && t !== "" && s.endsWith(t) ? s.slice(0, s.length - t.length) : s;
    }
    case "join": {
      const list = evalExpr(e.list, scope);
      return Array.isArray(list)
        ? list.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(e.sep)
        : "";
    }
    case "array":
      return e.items.map((i) => evalExpr(i, scope));
    case "keys": {
      const m = evalExpr(e.arg, scope);
      return m !== null && typeof m === "object" && !Array.isArray(m) ? Object.keys(m).sort() : [];
    }
    case "if":
      return truthy(evalExpr(e.cond, scope)) ? evalExpr(e.then, scope) : evalExpr(e.else, scope);
    case "isQuantity":
      return parseQuantity(evalExpr(e.arg, scope)) !== undefined;
    case "qcmp": {
      const l = parseQuantity(evalExpr(e.left, scope));
      const r = parseQuantity(evalExpr(e.right, scope));
      if (l === undefined || r === undefined) return false;
      const ops = { eq: l === r, ne: l !== r, lt: l < r, le: l <= r, gt: l > r, ge: l >= r };
      return ops[e.cmp];
    }
    case "in": {
      const item = evalExpr(e.item, scope);
      const list = evalExpr(e.list, scope);
      return Array.isArray(list) && list.some((x) => deepEqual(x, item));
    }
    case "all":
    case "any":
    case "none":
    case "one": {
      const list = evalExpr(e.list, scope);
      const items = Array.isArray(list) ? list : [];
      const test = (value: Json): boolean => {
        const vars = new Map(scope.vars);
        vars.set(e.var, { value, path: "" });
        return truthy(evalExpr(e.body, { ...scope, vars }));
      };
      if (e.op === "one") return items.filter(test).length === 1;
      return e.op === "all" ? items.every(test) : e.op === "any" ? items.some(test) : !items.some(test);
    }
    case "size": {
      const v = evalExpr(e.arg, scope);
      return Array.isArray(v)
        ? v.length
        : typeof v === "string"
          ? v.length
          : v && typeof v === "object"
            ? Object.keys(v).length
            : 0;
    }
    case "imagePart": {
      const image = evalExpr(e.image, scope);
      return typeof image === "string" ? parseImagePart(image, e.part) : "";
    }
    case "concat":
      return e.parts
        .map((p) => {
          const v = evalExpr(p, scope);
          return typeof v === "string" ? v : JSON.stringify(v);
        })
        .join("");
  }
}
