import { POD_CONTROLLER_KINDS, UnsupportedConstructError, type Expr, type Json, type PathSegment } from "@tollgate/rule-dsl";

/**
 * A JSON value as a CEL literal. Integers stay integers (CEL `int`).
 *
 * @param value - the value
 * @returns CEL source
 */
export function celLiteral(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(celLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${celLiteral(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** The CEL expression of the pod spec variable: where the pod spec sits for each kind. */
export function podSpecExpression(): string {
  const read = (path: readonly string[]): string => `object${path.map((p) => `.?${p}`).join("")}.orValue({})`;
  const kinds = POD_CONTROLLER_KINDS.filter((k) => k.podSpecPath);
  const fallback = "{}";
  return kinds.reduceRight(
    (rest, k) => `object.kind == ${JSON.stringify(k.kind)} ? ${read(k.podSpecPath ?? [])} : (${rest})`,
    fallback,
  );
}

/** Compiles IR expressions of one rule to CEL, with parameters inlined as literals. */
export class CelExprCompiler {
  constructor(
    private readonly ruleId: string,
    private readonly params: Readonly<Record<string, Json>>,
  ) {}

  /**
   * The CEL source of an expression.
   *
   * @param e - the expression
   * @returns CEL source
   */
  compile(e: Expr): string {
    switch (e.op) {
      case "lit":
        return celLiteral(e.value);
      case "object":
        return "object";
      case "podSpec":
        return "variables.podSpec";
      case "param": {
        const value = this.params[e.name];
        if (value === undefined) throw new UnsupportedConstructError(this.ruleId, "cel", `the unknown parameter ${e.name}`);
        return celLiteral(value);
      }
      case "var":
        return e.name;
      case "get":
        return `${this.compile(e.base)}${this.path(e.path)}.orValue(${celLiteral(e.default)})`;
      case "has":
        return `${this.compile(e.base)}${this.path(e.path)}.hasValue()`;
      case "cmp": {
        const op = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        return `(${this.compile(e.left)} ${op} ${this.compile(e.right)})`;
      }
      case "and":
      case "or":
        return e.args.length === 0
          ? e.op === "and" ? "true" : "false"
          : `(${e.args.map((a) => this.compile(a)).join(e.op === "and" ? " && " : " || ")})`;
      case "not":
        return `!(${this.compile(e.arg)})`;
      case "startsWith":
      case "endsWith":
      case "contains":
        return `${this.compile(e.s)}.${e.op}(${this.compile(e.t)})`;
      case "matches":
        return `${this.compile(e.s)}.matches(${this.compile(e.pattern)})`;
      case "trimSuffix": {
        const [str, t] = [this.compile(e.s), this.compile(e.t)];
        return `(${str}.endsWith(${t}) ? ${str}.substring(0, size(${str}) - size(${t})) : ${str})`;
      }
      case "keys": {
        const m = this.compile(e.arg);
        return `(type(${m}) == map ? ${m}.map(k, k) : [])`;
      }
      case "join":
        return `${this.compile(e.list)}.join(${JSON.stringify(e.sep)})`;
      case "if":
        return `(${this.compile(e.cond)} ? ${this.compile(e.then)} : ${this.compile(e.else)})`;
      case "isQuantity":
        return `isQuantity(string(${this.compile(e.arg)}))`;
      case "qcmp": {
        const op = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        const [l, r] = [`string(${this.compile(e.left)})`, `string(${this.compile(e.right)})`];
        return `(isQuantity(${l}) && isQuantity(${r}) && quantity(${l}).compareTo(quantity(${r})) ${op} 0)`;
      }
      case "one":
        return `${this.compile(e.list)}.exists_one(${e.var}, ${this.compile(e.body)})`;
      case "let":
        return `variables.${e.name}`;
      case "in":
        return `(${this.compile(e.item)} in ${this.compile(e.list)})`;
      case "all":
        return `${this.compile(e.list)}.all(${e.var}, ${this.compile(e.body)})`;
      case "any":
        return `${this.compile(e.list)}.exists(${e.var}, ${this.compile(e.body)})`;
      case "none":
        return `!${this.compile(e.list)}.exists(${e.var}, ${this.compile(e.body)})`;
      case "size":
        return `size(${this.compile(e.arg)})`;
      case "concat":
        return `(${e.parts.map((p) => this.compile(p)).join(" + ")})`;
      case "imagePart":
        return imagePartCel(this.compile(e.image), e.part);
      case "pathOf":
        throw new UnsupportedConstructError(this.ruleId, "cel", `${e.op} in a condition`);
    }
  }

  private path(path: readonly PathSegment[]): string {
    return path.map((p) => (typeof p === "string" ? (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.?${p}` : `[?${JSON.stringify(p)}]`) : `[?${this.compile(p)}]`)).join("");
  }
}

/**
 * The CEL for one part of an image reference, with the same steps as the oracle: the tag
 * follows the first `:` of the last path component; the registry is a first component with a
 * `.` or `:`, or `localhost`.
 *
 * @param image - CEL source of the image string
 * @param part - which part
 * @returns CEL source
 */
export function imagePartCel(image: string, part: "registry" | "repository" | "tag" | "digest"): string {
  const name = `${image}.split("@")[0]`;
  const last = `${name}.split("/")[size(${name}.split("/")) - 1]`;
  const tag = `(${last}.contains(":") ? ${last}.substring(${last}.indexOf(":") + 1) : "")`;
  const untagged = `(${last}.contains(":") ? ${name}.substring(0, size(${name}) - size(${tag}) - 1) : ${name})`;
  const first = `${untagged}.split("/")[0]`;
  const hasRegistry = `(size(${untagged}.split("/")) > 1 && (${first}.contains(".") || ${first}.contains(":") || ${first} == "localhost"))`;
  switch (part) {
    case "digest":
      return `(${image}.contains("@") ? ${image}.substring(${image}.indexOf("@") + 1) : "")`;
    case "tag":
      return tag;
    case "registry":
      return `(${hasRegistry} ? ${first} : "")`;
    case "repository":
      return `(${hasRegistry} ? ${untagged}.substring(size(${first}) + 1) : ${untagged})`;
  }
}
