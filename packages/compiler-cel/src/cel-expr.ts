import {
  POD_CONTROLLER_KINDS,
  UnsupportedConstructError,
  type Expr,
  type Json,
  type PathSegment,
} from "@tollgate/rule-dsl";

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

/** One step of a path in CEL: how to select it optionally, and plainly once it is known present. */
export interface CelStep {
  readonly optional: string;
  readonly plain: string;
}

/**
 * The step that selects a field by name.
 *
 * @param name - the field
 * @returns the step
 */
export function fieldStep(name: string): CelStep {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? { optional: `.?${name}`, plain: `.${name}` }
    : { optional: `[?${JSON.stringify(name)}]`, plain: `[${JSON.stringify(name)}]` };
}

/**
 * A read along a path where an absent field and a field explicitly set to `null` both mean
 * absent, as the IR says: `.?a.orValue(d)` alone yields `null` for `a: null` in Kubernetes and
 * Kyverno CEL, so every step is tested against null before the next one is taken.
 *
 * @param base - CEL source of the base value
 * @param steps - the path
 * @param present - CEL source for the value once every step is present
 * @param absent - CEL source when a step is absent or null
 * @returns CEL source
 */
export function nullSafe(
  base: string,
  steps: readonly CelStep[],
  present: (value: string) => string,
  absent: string,
): string {
  if (steps.length === 0) return `(${base} == null ? ${absent} : ${present(base)})`;
  const go = (i: number, prefix: string): string => {
    const step = steps[i];
    if (!step) return present(prefix);
    // dyn(): a literal (an inlined parameter) has a static type, and orValue(null) must type-check.
    return `(dyn(${prefix})${step.optional}.orValue(null) == null ? ${absent} : ${go(i + 1, `${prefix}${step.plain}`)})`;
  };
  return go(0, base);
}

/**
 * A JSON value as a CEL literal whose every element and map value is `dyn`, so a parameter with
 * mixed value types (`{pathPrefix: "/foo", readOnly: true}`) type-checks under Kubernetes'
 * homogeneous aggregate literals, and reading any field of it is allowed.
 *
 * @param value - the value
 * @returns CEL source
 */
export function celDynLiteral(value: Json): string {
  if (Array.isArray(value)) return `[${value.map((v) => `dyn(${celDynLiteral(v)})`).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: dyn(${celDynLiteral(v)})`)
      .join(", ")}}`;
  }
  return celLiteral(value);
}

/** The CEL expression of the pod spec variable: where the pod spec sits for each kind. */
export function podSpecExpression(): string {
  const read = (path: readonly string[]): string => nullSafe("object", path.map(fieldStep), (v) => v, "{}");
  const kinds = POD_CONTROLLER_KINDS.filter((k) => k.podSpecPath);
  const fallback = "{}";
  return kinds.reduceRight(
    (rest, k) => `object.kind == ${JSON.stringify(k.kind)} ? ${read(k.podSpecPath ?? [])} : (${rest})`,
    fallback,
  );
}

/**
 * Where compiled CEL reads a parameter: `inline`, the value as a literal (ValidatingPolicy, VAP);
 * `gatekeeper`, the Constraint's `variables.params` in Gatekeeper's K8sNativeValidation engine,
 * with the literal as the default when the Constraint leaves it out.
 */
export type CelParamSource = "inline" | "gatekeeper";

/**
 * The CEL expression of the pod spec's field path (`spec`, `spec.template.spec`, …) for the
 * object's kind, as the oracle writes it at the head of a container's path; empty for other kinds.
 */
export function podSpecPathExpression(): string {
  const kinds = POD_CONTROLLER_KINDS.filter((k) => k.podSpecPath);
  return kinds.reduceRight(
    (rest, k) =>
      `(object.kind == ${JSON.stringify(k.kind)} ? ${JSON.stringify((k.podSpecPath ?? []).join("."))} : ${rest})`,
    '""',
  );
}

/**
 * A value as message text, as the oracle and Rego print it: `string()` keeps a string as it is
 * and writes a number or a boolean in its literal form. Anything else (null, a list, a map) is an
 * evaluation error, so the policy's static message is printed instead.
 *
 * @param value - CEL source of the value
 * @returns CEL source of a string
 */
export function celMessageText(value: string): string {
  return `string(${value})`;
}

/**
 * Whether an expression is a string in every engine, so message text needs no conversion.
 *
 * @param e - the expression
 * @returns true for string literals, concatenations, field paths, joins and image parts
 */
export function isText(e: Expr): boolean {
  return (
    (e.op === "lit" && typeof e.value === "string") ||
    e.op === "concat" ||
    e.op === "pathOf" ||
    e.op === "join" ||
    e.op === "imagePart" ||
    (e.op === "if" && isText(e.then) && isText(e.else))
  );
}

/** Compiles IR expressions of one rule to CEL, with parameters inlined as literals (or read from a Constraint). */
export class CelExprCompiler {
  /**
   * @param ruleId - the rule, named in errors
   * @param params - parameter values
   * @param paramSource - where compiled CEL reads each parameter
   * @param messagePaths - for message text: the CEL source of each bound variable's field path
   *   (the compiler then compiles `pathOf`, and prints non-string parts of a concatenation)
   */
  constructor(
    private readonly ruleId: string,
    private readonly params: Readonly<Record<string, Json>>,
    private readonly paramSource: CelParamSource = "inline",
    private readonly messagePaths?: ReadonlyMap<string, string>,
  ) {}

  /**
   * A compiler for message text, with the field paths of some bound variables.
   *
   * @param paths - CEL source of the field path of each variable, by variable name
   * @returns the compiler
   */
  forMessages(paths: Readonly<Record<string, string>> = {}): CelExprCompiler {
    const merged = new Map(this.messagePaths);
    for (const [name, path] of Object.entries(paths)) merged.set(name, path);
    return new CelExprCompiler(this.ruleId, this.params, this.paramSource, merged);
  }

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
        if (value === undefined)
          throw new UnsupportedConstructError(this.ruleId, "cel", `the unknown parameter ${e.name}`);
        const literal =
          typeof value === "object" && value !== null ? `dyn(${celDynLiteral(value)})` : celLiteral(value);
        if (this.paramSource === "inline") return literal;
        return `(variables.params == null ? ${literal} : dyn(variables.params)[?${JSON.stringify(e.name)}].orValue(${literal}))`;
      }
      case "var":
        return e.name;
      case "get":
        // dyn(): the default and the value may differ in static type (a literal parameter).
        return nullSafe(
          this.compile(e.base),
          this.steps(e.path),
          (v) => (e.path.length > 0 ? `dyn(${v})` : v),
          celLiteral(e.default),
        );
      case "has":
        return nullSafe(this.compile(e.base), this.steps(e.path), () => "true", "false");
      case "cmp": {
        const op = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" }[e.cmp];
        return `(${this.compile(e.left)} ${op} ${this.compile(e.right)})`;
      }
      case "and":
      case "or":
        return e.args.length === 0
          ? e.op === "and"
            ? "true"
            : "false"
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
      case "array":
        // dyn(): the items may differ in static type, and a list literal's must agree.
        return `[${e.items.map((i) => `dyn(${this.compile(i)})`).join(", ")}]`;
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
        return `dyn(${this.compile(e.list)}).exists_one(${e.var}, ${this.compile(e.body)})`;
      case "let":
        return `variables.${e.name}`;
      case "in":
        return `(${this.compile(e.item)} in ${this.compile(e.list)})`;
      // dyn(): an empty literal list has no element type for the body to check against.
      case "all":
        return `dyn(${this.compile(e.list)}).all(${e.var}, ${this.compile(e.body)})`;
      case "any":
        return `dyn(${this.compile(e.list)}).exists(${e.var}, ${this.compile(e.body)})`;
      case "none":
        return `!dyn(${this.compile(e.list)}).exists(${e.var}, ${this.compile(e.body)})`;
      case "size":
        return `size(${this.compile(e.arg)})`;
      case "concat":
        return `(${e.parts
          .map((p) => (this.messagePaths && !isText(p) ? celMessageText(this.compile(p)) : this.compile(p)))
          .join(" + ")})`;
      case "imagePart":
        return imagePartCel(this.compile(e.image), e.part);
      case "pathOf": {
        const path = this.messagePaths?.get(e.name);
        if (path === undefined)
          throw new UnsupportedConstructError(this.ruleId, "cel", `${e.op} in a condition`);
        return path;
      }
    }
  }

  private steps(path: readonly PathSegment[]): CelStep[] {
    return path.map((p) => {
      if (typeof p === "string") return fieldStep(p);
      const key = this.compile(p);
      return { optional: `[?${key}]`, plain: `[${key}]` };
    });
  }
}

/**
 * The CEL for one part of an image reference, with the same steps as the oracle: the tag
 * follows the first `:` of the last path component; the registry is a first component with a
 * `.` or `:`, an upper-case letter, or `localhost`.
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
  const hasRegistry = `(size(${untagged}.split("/")) > 1 && (${first}.contains(".") || ${first}.contains(":") || ${first} == "localhost" || ${first}.matches("[A-Z]")))`;
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
