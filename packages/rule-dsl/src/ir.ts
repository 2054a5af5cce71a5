/**
 * The rule IR: a small, total, side-effect-free predicate language. Every target (the oracle,
 * Rego, CEL) gives each node the same meaning; where a target cannot, its compiler throws a
 * {@link UnsupportedConstructError} naming the rule and the target.
 *
 * Missing fields: a read ({@link GetExpr}) always names the value it yields when a field on
 * its path is absent. `null` counts as absent, as it does once the API server stores an object.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One step of a path: a field name, or an expression that yields a key (such as a label name). */
export type PathSegment = string | Expr;

/** A comparison operator. */
export type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

/** Which part of an image reference `registry/repository:tag@digest` to take. */
export type ImagePart = "registry" | "repository" | "tag" | "digest";

/** A literal value. */
export interface LiteralExpr {
  readonly op: "lit";
  readonly value: Json;
}
/** The object under review (`input.review.object` in Rego, `object` in CEL). */
export interface ObjectExpr {
  readonly op: "object";
}
/** The pod spec of a Pod, or of a controller's pod template (Deployment, CronJob, …). */
export interface PodSpecExpr {
  readonly op: "podSpec";
}
/** A rule parameter, with the rule's default when the caller gives none. */
export interface ParamExpr {
  readonly op: "param";
  readonly name: string;
}
/** A variable bound by a quantifier or an iteration. */
export interface VarExpr {
  readonly op: "var";
  readonly name: string;
}
/** The field path (`spec.containers[1]`) of the element a variable is bound to. */
export interface PathOfExpr {
  readonly op: "pathOf";
  readonly name: string;
}
/** A read of `base.path`, yielding `default` when any field on the path is absent or null. */
export interface GetExpr {
  readonly op: "get";
  readonly base: Expr;
  readonly path: readonly PathSegment[];
  readonly default: Json;
}
/** Whether `base.path` is present (and not null). */
export interface HasExpr {
  readonly op: "has";
  readonly base: Expr;
  readonly path: readonly PathSegment[];
}
/** A comparison of two values of the same type (numbers, strings or booleans). */
export interface CompareExpr {
  readonly op: "cmp";
  readonly cmp: Comparison;
  readonly left: Expr;
  readonly right: Expr;
}
/** Conjunction or disjunction. */
export interface LogicExpr {
  readonly op: "and" | "or";
  readonly args: readonly Expr[];
}
/** Negation. */
export interface NotExpr {
  readonly op: "not";
  readonly arg: Expr;
}
/** A string test: prefix, suffix or substring. */
export interface StringTestExpr {
  readonly op: "startsWith" | "endsWith" | "contains";
  readonly s: Expr;
  readonly t: Expr;
}
/**
 * A regular-expression test. A literal pattern is checked to be in the subset RE2, Rego and
 * JavaScript agree on; a pattern from a parameter is the caller's, and an invalid one never matches.
 */
export interface MatchesExpr {
  readonly op: "matches";
  readonly s: Expr;
  readonly pattern: Expr;
}
/** Membership of a value in a list. */
export interface InExpr {
  readonly op: "in";
  readonly item: Expr;
  readonly list: Expr;
}
/** A quantifier over a list, binding `var` to each element (`one`: exactly one element). */
export interface QuantifierExpr {
  readonly op: "all" | "any" | "none" | "one";
  readonly var: string;
  readonly list: Expr;
  readonly body: Expr;
}
/** The number of elements of a list (or keys of an object, or characters of a string). */
export interface SizeExpr {
  readonly op: "size";
  readonly arg: Expr;
}
/** A part of an image reference; an absent part is the empty string. */
export interface ImagePartExpr {
  readonly op: "imagePart";
  readonly part: ImagePart;
  readonly image: Expr;
}
/** Concatenation of strings (messages and field paths). */
export interface ConcatExpr {
  readonly op: "concat";
  readonly parts: readonly Expr[];
}
/** `s` without the suffix `t` (once), or `s` when it does not end with `t`. */
export interface TrimSuffixExpr {
  readonly op: "trimSuffix";
  readonly s: Expr;
  readonly t: Expr;
}
/** A list of strings joined with a separator. */
export interface JoinExpr {
  readonly op: "join";
  readonly list: Expr;
  readonly sep: string;
}
/** `then` when `cond` holds, else `else`. */
export interface IfExpr {
  readonly op: "if";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}
/** Whether a value is a Kubernetes quantity (`500m`, `1Gi`, `2`, `1e3`), or a number. */
export interface IsQuantityExpr {
  readonly op: "isQuantity";
  readonly arg: Expr;
}
/**
 * A comparison of two Kubernetes quantities by value (`1Gi` > `1000Mi`). False when either
 * side is not a quantity, so a rule denies bad input with its own {@link IsQuantityExpr} test.
 */
export interface QuantityCompareExpr {
  readonly op: "qcmp";
  readonly cmp: Comparison;
  readonly left: Expr;
  readonly right: Expr;
}
/** The keys of a map (an empty list for anything else), in sorted order. */
export interface KeysExpr {
  readonly op: "keys";
  readonly arg: Expr;
}
/** A list of computed values, in order (a quantifier over one such value binds it to a variable). */
export interface ArrayExpr {
  readonly op: "array";
  readonly items: readonly Expr[];
}
/** A reference to a named sub-expression of the rule ({@link RuleIR.lets}). */
export interface LetRefExpr {
  readonly op: "let";
  readonly name: string;
}

/** Any IR expression. */
export type Expr =
  | LiteralExpr
  | ObjectExpr
  | PodSpecExpr
  | ParamExpr
  | VarExpr
  | PathOfExpr
  | GetExpr
  | HasExpr
  | CompareExpr
  | LogicExpr
  | NotExpr
  | StringTestExpr
  | MatchesExpr
  | InExpr
  | QuantifierExpr
  | SizeExpr
  | ImagePartExpr
  | ConcatExpr
  | TrimSuffixExpr
  | JoinExpr
  | IfExpr
  | IsQuantityExpr
  | QuantityCompareExpr
  | KeysExpr
  | ArrayExpr
  | LetRefExpr;

/** The container lists of a pod spec. */
export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";

/** What a violation iterates over. */
export type IterationSource =
  | { readonly kind: "containers"; readonly lists: readonly ContainerList[] }
  | { readonly kind: "list"; readonly list: Expr; readonly path: Expr };

/** One level of iteration of a violation: binds `var` (and its path) to each element. */
export interface Iteration {
  readonly var: string;
  readonly source: IterationSource;
}

/** One way a rule can be broken: for each binding of `each`, a violation when `when` holds. */
export interface ViolationIR {
  readonly each: readonly Iteration[];
  readonly when: Expr;
  /** The offending field, as a path string (`spec.containers[0].securityContext.privileged`). */
  readonly field: Expr;
  /** The message: what is wrong and how to fix it. */
  readonly message: Expr;
}

/** A Kubernetes kind a rule applies to. */
export interface KindIR {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name (`pods`, `deployments`). */
  readonly resource: string;
  /** Where the pod spec sits in this kind, for pod-spec rules. */
  readonly podSpecPath?: readonly string[];
}

/** An admission operation. */
export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

/**
 * The JSON schema (OpenAPI v3 subset) of a parameter, as a Constraint CRD declares it: scalars,
 * arrays of any of these, and objects with named properties.
 */
export interface ParamSchema {
  readonly type: "string" | "boolean" | "integer" | "number" | "array" | "object";
  readonly description?: string;
  readonly items?: ParamSchema;
  readonly properties?: Readonly<Record<string, ParamSchema>>;
  /**
   * `regex`: a string read as an RE2 regular expression; a value RE2 refuses is an error when
   * the parameters are read (`checkRuleParams`), naming its offset.
   */
  readonly format?: "regex";
}

/** A rule parameter: its schema and its default. */
export interface ParamIR {
  readonly schema: ParamSchema;
  /** The value Tollgate's artifacts set, and what `tollgate eval` and the config use unless told otherwise. */
  readonly default: Json;
  /**
   * What a Gatekeeper Constraint that leaves the parameter out means, when that is not the
   * default: the upstream template's reading of an absent parameter (often "nothing is
   * allowed"). Tollgate's own Constraints and bundles always set every parameter.
   */
  readonly absent?: Json;
}

/** Severity, as Kyverno and Polaris use it. */
export type Severity = "low" | "medium" | "high" | "critical";

/**
 * The category of a rule: the closed set of names the catalogue groups rules by, which
 * `tollgate.config` selects by (`include: { categories: [...] }`, spelt exactly as here), Kyverno
 * shows as `policies.kyverno.io/category`, and the doc index uses as headings.
 *
 * The names are those of the projects the libraries follow, so a rule and its upstream
 * counterpart are filed alike:
 * - kyverno/policies: `Pod Security Standards (Baseline)`, `Pod Security Standards (Restricted)`,
 *   `Best Practices`, `Security`, `Multi-Tenancy`, `Sample`, `Other`, `Progressive Delivery`,
 *   `Software Supply Chain Security`; Kyverno lists a second category after a comma, which here
 *   is always `EKS Best Practices` (`Best Practices, EKS Best Practices`).
 * - gatekeeper-library: the folder of the template, `general` or `pod-security-policy`.
 *
 * A team's own rule picks the nearest one (`Best Practices` or `Other` when none fits).
 */
export type RuleCategory =
  | "Pod Security Standards (Baseline)"
  | "Pod Security Standards (Restricted)"
  | "Best Practices"
  | "Best Practices, EKS Best Practices"
  | "Security"
  | "Security, EKS Best Practices"
  | "Multi-Tenancy"
  | "Multi-Tenancy, EKS Best Practices"
  | "Sample"
  | "Sample, EKS Best Practices"
  | "Other"
  | "Other, EKS Best Practices"
  | "Progressive Delivery"
  | "Software Supply Chain Security"
  | "general"
  | "pod-security-policy";

/** Every {@link RuleCategory}, in the order the type lists them (for validation and help text). */
export const RULE_CATEGORIES = [
  "Pod Security Standards (Baseline)",
  "Pod Security Standards (Restricted)",
  "Best Practices",
  "Best Practices, EKS Best Practices",
  "Security",
  "Security, EKS Best Practices",
  "Multi-Tenancy",
  "Multi-Tenancy, EKS Best Practices",
  "Sample",
  "Sample, EKS Best Practices",
  "Other",
  "Other, EKS Best Practices",
  "Progressive Delivery",
  "Software Supply Chain Security",
  "general",
  "pod-security-policy",
] as const satisfies readonly RuleCategory[];

/** Metadata every artifact carries. */
export interface RuleMetadata {
  /** The rule id: the Kyverno policy name, or the lower-cased Gatekeeper Constraint kind. */
  readonly id: string;
  readonly title: string;
  /** Where the catalogue files the rule; one of a closed set (see {@link RuleCategory}). */
  readonly category: RuleCategory;
  readonly severity: Severity;
  /**
   * The gate of the road to production this rule serves. Code reaches production only through
   * seven fail-closed gates, in this order; a rule names the one whose promise it enforces:
   * 1. hermetic build: images built without network, with SLSA provenance;
   * 2. SBOM and vulnerability scan: an SBOM attached to the image, no unaddressed critical CVE;
   * 3. signing: images signed with cosign (keyless or by key);
   * 4. OPA/Gatekeeper policy: allowed registries, no `:latest`, no privileged containers,
   *    required labels, resource requests (the policies-opa library);
   * 5. Kyverno admission: Pod Security Standards and best practices (the policies-kyverno library);
   * 6. progressive rollout: canaries with automated analysis that rolls back a regression;
   * 7. runtime detection: alerts on anomalous behaviour (no rule serves it yet).
   * `tollgate eval --gate` and `include: { gates }` in tollgate.config select rules by it.
   */
  readonly gate: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  readonly description: string;
  readonly remediation: string;
  /** For Gatekeeper rules, the Constraint kind (`K8sAllowedRepos`). */
  readonly constraintKind?: string;
  /**
   * Where the same check lives upstream, when it does: the policy's path in kyverno/policies
   * (`pod-security/baseline/disallow-capabilities`) or the template's folder in
   * gatekeeper-library `library/` (`general/allowedrepos`). That project's own tests for it are
   * then run against this rule.
   */
  readonly anchor?: string;
  /** The kind of object the rule is about, for Kyverno's `policies.kyverno.io/subject`. */
  readonly subject: string;
}

/** An example object for a rule's doc page, executed as a test in every engine. */
export interface RuleExample {
  /** What the example shows. */
  readonly title: string;
  /** The Kubernetes object. */
  readonly object: { readonly [key: string]: Json };
  /** Parameters for this example, when not the defaults. */
  readonly params?: Readonly<Record<string, Json>>;
}

/** The examples of a rule: objects it denies and objects it allows. */
export interface RuleExamples {
  readonly denied: readonly RuleExample[];
  readonly allowed: readonly RuleExample[];
}

/**
 * What a cluster does when a rule is violated: `deny` refuses the object (the default),
 * `warn` admits it with a warning to the client, `audit` admits it and records the violation.
 * Each target maps it to its own mechanism: Kyverno and VAP `validationActions` (Deny, Warn,
 * Audit), Gatekeeper `enforcementAction` (deny, warn, dryrun), the OPA bundle's response
 * (violations, warnings, nothing).
 */
export type Enforcement = "deny" | "warn" | "audit";

/** A whole rule, as every compiler and the oracle read it. */
export interface RuleIR {
  readonly meta: RuleMetadata;
  /** What a cluster does when the rule is violated; absent means `deny`. */
  readonly enforcement?: Enforcement;
  readonly match: {
    readonly kinds: readonly KindIR[];
    readonly operations: readonly Operation[];
    readonly excludedNamespaces: readonly string[];
    /**
     * Whether background scans of existing objects should report this rule (Kyverno's
     * `evaluation.background`); false for rules about what only admission sees, such as
     * `nodeName` set by the scheduler after admission. Absent means true.
     */
    readonly background?: boolean;
  };
  readonly params: Readonly<Record<string, ParamIR>>;
  readonly lets: Readonly<Record<string, Expr>>;
  readonly violations: readonly ViolationIR[];
  /** Denied and allowed examples: shown on the doc page, run in every engine by the tests. */
  readonly examples: RuleExamples;
  /**
   * Mutants of the rule (small changes to what decides its verdict) that no object can tell
   * apart from it, by id, each with a one-line reason. Every other mutant must be told apart by
   * an example, an anchor's test or the regression corpus.
   */
  readonly equivalentMutants?: Readonly<Record<string, string>>;
}

/** A compiler met a construct its target cannot express. */
export class UnsupportedConstructError extends Error {
  readonly ruleId: string;
  readonly target: string;
  constructor(ruleId: string, target: string, what: string) {
    super(`rule ${ruleId}: target ${target} cannot express ${what}`);
    this.name = "UnsupportedConstructError";
    this.ruleId = ruleId;
    this.target = target;
  }
}

/** The four admission operations. */
export const ALL_OPERATIONS: readonly Operation[] = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

/**
 * The operations a rule does not review. Every target skips exactly these, so an object
 * reviewed without an operation (a file on disk) is always reviewed.
 *
 * @param rule - the rule
 * @returns the excluded operations
 */
export function excludedOperations(rule: RuleIR): Operation[] {
  return ALL_OPERATIONS.filter((op) => !rule.match.operations.includes(op));
}

/**
 * The API group of an `apiVersion` ("" for the core group).
 *
 * @param apiVersion - such as `apps/v1` or `v1`
 * @returns the group
 */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash >= 0 ? apiVersion.slice(0, slash) : "";
}
