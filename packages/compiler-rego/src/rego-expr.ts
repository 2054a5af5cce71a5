import {
  UnsupportedConstructError,
  POWERS_OF_TEN,
  QUANTITY_EXPONENT_RANGE,
  QUANTITY_MAX_FRACTION_DIGITS,
  QUANTITY_MULTIPLIERS,
  QUANTITY_PATTERN,
  type Expr,
  type Json,
  type PathSegment,
} from "@tollgate/rule-dsl";

/**
 * A statement that reads a quantifier's variable when its body does not (a body that holds or
 * fails whatever the element is): Rego refuses a declared variable that is never used.
 */
function touch(variable: string, body: readonly string[]): string[] {
  return body.some((s) => new RegExp(`\\b${variable}\\b`).test(s)) ? [] : [`_ = ${variable}`];
}

/** Compiles IR expressions of one rule to Rego v1 terms and body statements. */
export class RegoExprCompiler {
  /** Helper rules and functions this rule's expressions needed. */
  readonly helpers: string[] = [];
  /** Whether the rule compares quantities, so its module needs the quantity prelude. */
  usesQuantities = false;
  private counter = 0;

  constructor(private readonly ruleId: string) {}

  /**
   * A Rego term whose value is the expression's value.
   *
   * @param e - a value expression
   * @param scope - the bound variables in scope
   * @returns Rego source of a term
   */
  term(e: Expr, scope: readonly string[]): string {
    switch (e.op) {
      case "lit":
        return regoLiteral(e.value);
      case "object":
        return "_object";
      case "podSpec":
        return "_pod_spec";
      case "param":
        return `object.get(_params, ${JSON.stringify(e.name)}, _param_defaults[${JSON.stringify(e.name)}])`;
      case "var":
        return e.name;
      case "pathOf":
        return e.name === "$podSpec" ? "_pod_spec_path" : `${e.name}_path`;
      case "get":
        return `_nn(object.get(${this.term(e.base, scope)}, ${this.path(e.path, scope)}, ${regoLiteral(e.default)}), ${regoLiteral(e.default)})`;
      case "size":
        return `count(${this.term(e.arg, scope)})`;
      case "imagePart":
        return `_image_${e.part}(${this.term(e.image, scope)})`;
      case "concat":
        // Non-string values print as JSON, as in the oracle (concat alone would be undefined).
        return `concat("", [${e.parts.map((p) => (p.op === "lit" && typeof p.value === "string" ? this.term(p, scope) : `_str(${this.term(p, scope)})`)).join(", ")}])`;
      case "let":
        return `_let_${e.name}`;
      case "trimSuffix":
        return `trim_suffix(${this.term(e.s, scope)}, ${this.term(e.t, scope)})`;
      case "array":
        return `[${e.items.map((i) => this.term(i, scope)).join(", ")}]`;
      case "keys":
        return `sort([k | some k, _ in _as_object(${this.term(e.arg, scope)})])`;
      case "join":
        return `concat(${JSON.stringify(e.sep)}, ${this.term(e.list, scope)})`;
      case "if": {
        const name = this.fresh("if");
        const args = this.args(scope);
        const head = args ? `${name}(${args})` : name;
        this.helpers.push(
          `${head} := ${this.term(e.then, scope)} if {\n${this.body(e.cond, scope)
            .map((s) => `  ${s}`)
            .join("\n")}\n} else := ${this.term(e.else, scope)}`,
        );
        return head;
      }
      default:
        return this.booleanTerm(e, scope);
    }
  }

  /**
   * Body statements that all succeed exactly when the boolean expression is true.
   *
   * @param e - a boolean expression
   * @param scope - the bound variables in scope
   * @returns Rego statements
   */
  body(e: Expr, scope: readonly string[]): string[] {
    switch (e.op) {
      case "lit":
        return [e.value === true ? "true" : "false"];
      case "has":
        return [`object.get(${this.term(e.base, scope)}, ${this.path(e.path, scope)}, null) != null`];
      case "get":
      case "var":
      case "param":
      case "let":
      case "if":
        return [`${this.term(e, scope)} == true`];
      case "isQuantity":
        this.usesQuantities = true;
        return [`_quantity(${this.term(e.arg, scope)})`];
      case "qcmp": {
        this.usesQuantities = true;
        const op = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        return [`_quantity(${this.term(e.left, scope)}) ${op} _quantity(${this.term(e.right, scope)})`];
      }
      case "cmp": {
        const op = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        return [`${this.term(e.left, scope)} ${op} ${this.term(e.right, scope)}`];
      }
      case "and":
        return e.args.flatMap((a) => this.body(a, scope));
      case "or": {
        // An empty disjunction is false: a body that cannot hold.
        if (e.args.length === 0) return ["false"];
        const name = this.fresh("or");
        for (const a of e.args) this.helpers.push(this.definition(name, scope, this.body(a, scope)));
        return [this.call(name, scope)];
      }
      case "not": {
        const inner = this.body(e.arg, scope);
        // A negated call to one of our partial functions (`_quantity`) must sit in a helper rule:
        // OPA evaluates the call outside the `not`, so an undefined result would fail open.
        const plain =
          inner.length === 1 &&
          !/\bsome\b|:=|\bevery\b/.test(inner[0] ?? "") &&
          !/(^|[^A-Za-z0-9_.])_(?!nn\(|image_)[A-Za-z_]+[0-9]*\(/.test(inner[0] ?? "");
        if (plain) return [`not ${inner[0]}`];
        const name = this.fresh("not");
        this.helpers.push(this.definition(name, scope, inner));
        return [`not ${this.call(name, scope)}`];
      }
      case "startsWith":
        return [`startswith(${this.term(e.s, scope)}, ${this.term(e.t, scope)})`];
      case "endsWith":
        return [`endswith(${this.term(e.s, scope)}, ${this.term(e.t, scope)})`];
      case "contains":
        return [`contains(${this.term(e.s, scope)}, ${this.term(e.t, scope)})`];
      case "matches":
        return [`regex.match(${this.term(e.pattern, scope)}, ${this.term(e.s, scope)})`];
      case "in":
        return [`${this.term(e.item, scope)} in ${this.term(e.list, scope)}`];
      case "any":
      case "none": {
        const name = this.fresh(e.op);
        const inner = [...scope, e.var];
        const list = this.term(e.list, scope);
        const body = this.body(e.body, inner);
        this.helpers.push(
          this.definition(name, scope, [
            `some ${e.var} in ${list}`,
            `${e.var}_path := ""`,
            ...body,
            ...touch(e.var, body),
          ]),
        );
        return [e.op === "any" ? this.call(name, scope) : `not ${this.call(name, scope)}`];
      }
      case "one": {
        const inner = [...scope, e.var];
        const list = this.term(e.list, scope);
        const body = this.body(e.body, inner);
        const stmts = [`some ${e.var} in ${list}`, `${e.var}_path := ""`, ...body, ...touch(e.var, body)];
        return [`count([${e.var} |\n${stmts.map((s) => `  ${s}`).join("\n")}\n]) == 1`];
      }
      case "all": {
        const inner = [...scope, e.var];
        const stmts = [`${e.var}_path := ""`];
        const list = this.term(e.list, scope);
        const body = this.body(e.body, inner);
        stmts.push(...body, ...touch(e.var, body));
        return [`every ${e.var} in ${list} {\n${stmts.map((s) => `  ${s}`).join("\n")}\n}`];
      }
      default:
        throw new UnsupportedConstructError(this.ruleId, "rego", `${e.op} as a condition`);
    }
  }

  private booleanTerm(e: Expr, scope: readonly string[]): string {
    const name = this.fresh("bool");
    const args = this.args(scope);
    const head = args ? `${name}(${args})` : name;
    this.helpers.push(
      `${head} := true if {\n${this.body(e, scope)
        .map((s) => `  ${s}`)
        .join("\n")}\n} else := false`,
    );
    return head;
  }

  private path(path: readonly PathSegment[], scope: readonly string[]): string {
    return `[${path.map((p) => (typeof p === "string" ? JSON.stringify(p) : this.term(p, scope))).join(", ")}]`;
  }

  private fresh(kind: string): string {
    this.counter += 1;
    return `_${kind}_${this.counter}`;
  }

  private args(scope: readonly string[]): string {
    return scope.flatMap((v) => [v, `${v}_path`]).join(", ");
  }

  private call(name: string, scope: readonly string[]): string {
    const args = this.args(scope);
    return args ? `${name}(${args})` : name;
  }

  private definition(name: string, scope: readonly string[], stmts: string[]): string {
    return `${this.call(name, scope)} if {\n${stmts.map((s) => `  ${s}`).join("\n")}\n}`;
  }
}

/**
 * A JSON value as a Rego literal.
 *
 * @param value - the value
 * @returns Rego source
 */
export function regoLiteral(value: Json): string {
  return JSON.stringify(value);
}

/**
 * The Rego functions that read Kubernetes quantities with the grammar and multipliers of
 * `@tollgate/rule-dsl`, in nano-units (`units.parse` is not available to opa-wasm).
 *
 * @returns Rego source
 */
export function quantityPrelude(): string {
  return `_quantity(q) := q * 1000000000 if is_number(q)

_quantity(q) := v if {
  is_string(q)
  q != ""
  some m in regex.find_all_string_submatch_n(${JSON.stringify(QUANTITY_PATTERN)}, q, 1)
  count(m[3]) <= ${QUANTITY_MAX_FRACTION_DIGITS}
  magnitude := (to_number(_quantity_digits(concat("", [m[2], m[3]]))) * _quantity_multiplier(m[4])) / _pow10[count(m[3])]
  v := _signed(m[1], magnitude)
}

_signed("-", x) := 0 - x

_signed("+", x) := x

_signed("", x) := x

_quantity_digits(s) := d if {
  d := trim_left(s, "0")
  d != ""
} else := "0"

_quantity_multiplier(s) := _quantity_suffixes[s]

_quantity_multiplier(s) := _pow10[e + 9] if {
  regex.match("^[eE][+-]?[0-9]+$", s)
  e := to_number(trim_prefix(trim_prefix(lower(s), "e"), "+"))
  e >= ${QUANTITY_EXPONENT_RANGE.min}
  e <= ${QUANTITY_EXPONENT_RANGE.max}
}

_quantity_suffixes := {${Object.entries(QUANTITY_MULTIPLIERS)
    .map(([k, v]) => `${JSON.stringify(k)}: ${exactNumber(v)}`)
    .join(", ")}}

_pow10 := [${POWERS_OF_TEN.map(exactNumber).join(", ")}]`;
}

/**
 * An integral double as its exact decimal digits, so Go's arbitrary-precision numbers hold the
 * same value as JavaScript and wasm (`1e24` is 999999999999999983222784 as a double).
 *
 * @param x - an integral number
 * @returns a Rego number literal
 */
function exactNumber(x: number): string {
  return Number.isInteger(x) ? BigInt(x).toString() : String(x);
}
