import type { Expr, Iteration, Json, ParamIR, RuleIR } from "./ir.js";

/**
 * One entry of the IR's table of meanings: an expression, the object (and parameters) it reads,
 * and its value. Each compiler's own tests run the whole table through its target's real
 * evaluator, so a compiler that gets one construct wrong fails in its own package.
 */
export interface ConstructCase {
  /** The construct under test, and what the case pins down. */
  readonly name: string;
  /** A boolean expression, or a value expression compared with `expected`. */
  readonly expr: Expr;
  /** What the expression yields on `object`. */
  readonly expected: Json;
  /** The object under review (a Pod unless said otherwise). */
  readonly object?: { readonly [key: string]: Json };
  /** Parameters, with their values: each is declared with this value as its default. */
  readonly params?: Readonly<Record<string, Json>>;
  /** Iterations around the expression: the rule is broken when some binding makes it true. */
  readonly each?: readonly Iteration[];
}

const lit = (value: Json): Expr => ({ op: "lit", value });
const get = (path: string[], fallback: Json): Expr => ({
  op: "get",
  base: { op: "object" },
  path,
  default: fallback,
});
const varGet = (name: string, path: string[], fallback: Json): Expr => ({
  op: "get",
  base: { op: "var", name },
  path,
  default: fallback,
});
const name: Expr = get(["metadata", "name"], "");
const param = (p: string): Expr => ({ op: "param", name: p });
/** A part of a literal image reference. */
const imageCase = (
  what: string,
  part: "registry" | "repository" | "tag" | "digest",
  image: string,
  expected: string,
): ConstructCase => ({
  name: `imagePart: ${what}`,
  expr: { op: "imagePart", part, image: lit(image) },
  expected,
});

/** A Pod named `name` with the given spec (one plain container when none is given). */
function pod(podName: string, spec: { [key: string]: Json } = {}): { [key: string]: Json } {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: podName, namespace: "default", labels: { app: "web", tier: "" } },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }], ...spec },
  };
}

const cmp = (
  c: "eq" | "ne" | "lt" | "le" | "gt" | "ge",
  l: Json,
  r: Json,
  expected: boolean,
): ConstructCase => ({
  name: `cmp ${c}: ${JSON.stringify(l)} ${c} ${JSON.stringify(r)}`,
  expr: { op: "cmp", cmp: c, left: get(["spec", "value"], null), right: lit(r) },
  object: pod("p", { value: l }),
  expected,
});

const stringTest = (
  op: "startsWith" | "endsWith" | "contains",
  s: string,
  t: string,
  expected: boolean,
): ConstructCase => ({
  name: `${op}: ${JSON.stringify(s)} ${op} ${JSON.stringify(t)}`,
  expr: { op, s: name, t: lit(t) },
  object: pod(s),
  expected,
});

/** A quantifier over the parameter `names`, testing each element for equality with "b". */
const countsB = (
  op: "none" | "one",
  caseName: string,
  names: string[],
  expected: boolean,
): ConstructCase => ({
  name: caseName,
  expr: {
    op,
    var: "x",
    list: param("names"),
    body: { op: "cmp", cmp: "eq", left: { op: "var", name: "x" }, right: lit("b") },
  },
  params: { names },
  expected,
});

const containers = (lists: ("containers" | "initContainers" | "ephemeralContainers")[]): Iteration => ({
  var: "c",
  source: { kind: "containers", lists },
});
const ALL_LISTS = containers(["containers", "initContainers", "ephemeralContainers"]);
const privileged: Expr = {
  op: "cmp",
  cmp: "eq",
  left: varGet("c", ["securityContext", "privileged"], false),
  right: lit(true),
};

/**
 * The IR's constructs, each with the cases where a compiler most easily goes wrong: the ends of
 * a range, an allowed prefix in the middle of a string, empty lists, absent and null fields,
 * every container list.
 */
export const IR_CONSTRUCT_CASES: readonly ConstructCase[] = [
  // Reads: an absent field and a null one both give the default.
  { name: "get: a present field", expr: name, object: pod("web"), expected: "web" },
  {
    name: "get: an absent field gives the default",
    expr: get(["spec", "nodeName"], "none"),
    object: pod("p"),
    expected: "none",
  },
  {
    name: "get: a null field gives the default",
    expr: get(["spec", "nodeName"], "none"),
    object: pod("p", { nodeName: null }),
    expected: "none",
  },
  {
    name: "get: a key read from a map with dots and slashes",
    expr: get(["metadata", "annotations", "example.com/owner"], ""),
    object: { ...pod("p"), metadata: { name: "p", annotations: { "example.com/owner": "team-a" } } },
    expected: "team-a",
  },
  {
    name: "has: a present field",
    expr: { op: "has", base: { op: "object" }, path: ["metadata", "labels", "app"] },
    object: pod("p"),
    expected: true,
  },
  {
    name: "has: a label set to the empty string is present",
    expr: { op: "has", base: { op: "object" }, path: ["metadata", "labels", "tier"] },
    object: pod("p"),
    expected: true,
  },
  {
    name: "has: a null field is absent",
    expr: { op: "has", base: { op: "object" }, path: ["spec", "hostNetwork"] },
    object: pod("p", { hostNetwork: null }),
    expected: false,
  },
  {
    name: "podSpec: a Pod's spec",
    expr: { op: "get", base: { op: "podSpec" }, path: ["hostPID"], default: false },
    object: pod("p", { hostPID: true }),
    expected: true,
  },
  {
    name: "podSpec: a CronJob's pod template",
    expr: { op: "get", base: { op: "podSpec" }, path: ["hostPID"], default: false },
    object: {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "c", namespace: "default" },
      spec: { jobTemplate: { spec: { template: { spec: { hostPID: true, containers: [] } } } } },
    },
    expected: true,
  },
  // Comparisons: both ends of each operator.
  cmp("eq", 3, 3, true),
  cmp("eq", 3, 4, false),
  cmp("eq", "a", "a", true),
  cmp("ne", 3, 3, false),
  cmp("lt", 3, 3, false),
  cmp("lt", 2, 3, true),
  cmp("le", 3, 3, true),
  cmp("le", 4, 3, false),
  cmp("gt", 3, 3, false),
  cmp("gt", 4, 3, true),
  cmp("ge", 3, 3, true),
  cmp("ge", 2, 3, false),
  cmp("lt", "a", "b", true),
  cmp("ge", "b", "b", true),
  // Logic.
  { name: "and: an empty conjunction is true", expr: { op: "and", args: [] }, expected: true },
  { name: "or: an empty disjunction is false", expr: { op: "or", args: [] }, expected: false },
  { name: "and: one false argument", expr: { op: "and", args: [lit(true), lit(false)] }, expected: false },
  { name: "or: one true argument", expr: { op: "or", args: [lit(false), lit(true)] }, expected: true },
  { name: "not", expr: { op: "not", arg: lit(false) }, expected: true },
  // String tests: where a prefix check turned into a substring check would pass.
  stringTest("startsWith", "registry.example/app", "registry.example/", true),
  stringTest("startsWith", "evil.io-registry.example/app", "registry.example/", false),
  stringTest("endsWith", "app.example.com", ".example.com", true),
  stringTest("endsWith", "app.example.com.evil", ".example.com", false),
  stringTest("contains", "a-b-c", "-b-", true),
  stringTest("contains", "abc", "abd", false),
  // Regular expressions (RE2).
  {
    name: "matches: anchored class",
    expr: { op: "matches", s: name, pattern: lit("^[a-z]{1,5}$") },
    object: pod("abc"),
    expected: true,
  },
  {
    name: "matches: repetition count exceeded",
    expr: { op: "matches", s: name, pattern: lit("^[a-z]{1,2}$") },
    object: pod("abc"),
    expected: false,
  },
  {
    name: "matches: unanchored finds a substring",
    expr: { op: "matches", s: name, pattern: lit("b") },
    object: pod("abc"),
    expected: true,
  },
  {
    name: "matches: a pattern from a parameter, with a flag",
    expr: { op: "matches", s: name, pattern: param("pattern") },
    object: pod("TEAM-a"),
    params: { pattern: "(?i)^team-" },
    expected: true,
  },
  // Membership and quantifiers.
  {
    name: "in: a member",
    expr: { op: "in", item: name, list: param("names") },
    object: pod("b"),
    params: { names: ["a", "b"] },
    expected: true,
  },
  {
    name: "in: an empty list",
    expr: { op: "in", item: name, list: param("names") },
    object: pod("b"),
    params: { names: [] },
    expected: false,
  },
  {
    name: "all: true on an empty list",
    expr: { op: "all", var: "x", list: param("names"), body: lit(false) },
    params: { names: [] },
    expected: true,
  },
  {
    name: "any: false on an empty list",
    expr: { op: "any", var: "x", list: param("names"), body: lit(true) },
    params: { names: [] },
    expected: false,
  },
  {
    name: "any: one element matches",
    expr: {
      op: "any",
      var: "x",
      list: param("names"),
      body: { op: "startsWith", s: name, t: { op: "var", name: "x" } },
    },
    object: pod("team-a-web"),
    params: { names: ["ops-", "team-a-"] },
    expected: true,
  },
  countsB("none", "none: one element matches", ["a", "b"], false),
  countsB("one", "one: two elements match", ["b", "b"], false),
  countsB("one", "one: exactly one element matches", ["a", "b"], true),
  // Sizes.
  {
    name: "size: a list",
    expr: { op: "size", arg: get(["spec", "containers"], []) },
    object: pod("p"),
    expected: 1,
  },
  {
    name: "size: a string counts code points",
    expr: { op: "size", arg: name },
    object: pod("héllo"),
    expected: 5,
  },
  {
    name: "size: a map counts keys",
    expr: { op: "size", arg: get(["metadata", "labels"], {}) },
    object: pod("p"),
    expected: 2,
  },
  // Image references, read as runtimes read them.
  imageCase("a registry with a port", "registry", "registry.example:5000/app:1.0", "registry.example:5000"),
  imageCase("a port is not a tag", "tag", "openpolicyagent:443/opa", ""),
  imageCase("the tag", "tag", "nginx:1.27", "1.27"),
  imageCase("the digest", "digest", "nginx@sha256:abc", "sha256:abc"),
  imageCase("no registry in a Docker Hub name", "registry", "library/nginx", ""),
  imageCase("the repository after a registry", "repository", "localhost/team/app:1", "team/app"),
  // Text.
  {
    name: "concat: strings",
    expr: { op: "concat", parts: [lit("a"), name, lit("c")] },
    object: pod("b"),
    expected: "abc",
  },
  {
    name: "trimSuffix: once",
    expr: { op: "trimSuffix", s: lit("app.*.*"), t: lit(".*") },
    expected: "app.*",
  },
  { name: "trimSuffix: no suffix", expr: { op: "trimSuffix", s: lit("app"), t: lit(".*") }, expected: "app" },
  {
    name: "join",
    expr: { op: "join", list: param("names"), sep: ", " },
    params: { names: ["a", "b"] },
    expected: "a, b",
  },
  {
    name: "if: the else branch",
    expr: { op: "if", cond: lit(false), then: lit("t"), else: lit("e") },
    expected: "e",
  },
  // Quantities.
  { name: "isQuantity: 500m", expr: { op: "isQuantity", arg: lit("500m") }, expected: true },
  { name: "isQuantity: not a quantity", expr: { op: "isQuantity", arg: lit("1 GB") }, expected: false },
  {
    name: "qcmp: 1Gi > 1000Mi",
    expr: { op: "qcmp", cmp: "gt", left: lit("1Gi"), right: lit("1000Mi") },
    expected: true,
  },
  {
    name: "qcmp: equal values in other units",
    expr: { op: "qcmp", cmp: "ge", left: lit("1"), right: lit("1000m") },
    expected: true,
  },
  {
    name: "qcmp: false when a side is not a quantity",
    expr: { op: "qcmp", cmp: "ne", left: lit("x"), right: lit("1") },
    expected: false,
  },
  // Maps and computed lists.
  {
    name: "keys: sorted",
    expr: { op: "join", list: { op: "keys", arg: get(["metadata", "labels"], {}) }, sep: "," },
    object: pod("p"),
    expected: "app,tier",
  },
  {
    name: "keys: of something that is not a map",
    expr: { op: "size", arg: { op: "keys", arg: name } },
    object: pod("p"),
    expected: 0,
  },
  {
    name: "array: computed items",
    expr: { op: "join", list: { op: "array", items: [name, lit("x")] }, sep: "/" },
    object: pod("p"),
    expected: "p/x",
  },
  // Iterations: every container list, and only the lists named.
  {
    name: "containers: a privileged ephemeral container",
    expr: privileged,
    each: [ALL_LISTS],
    object: pod("p", {
      ephemeralContainers: [{ name: "debug", image: "busybox", securityContext: { privileged: true } }],
    }),
    expected: true,
  },
  {
    name: "containers: a privileged init container",
    expr: privileged,
    each: [ALL_LISTS],
    object: pod("p", {
      initContainers: [{ name: "init", image: "busybox", securityContext: { privileged: true } }],
    }),
    expected: true,
  },
  {
    name: "containers: a list the rule does not name",
    expr: privileged,
    each: [containers(["containers"])],
    object: pod("p", {
      initContainers: [{ name: "init", image: "busybox", securityContext: { privileged: true } }],
    }),
    expected: false,
  },
  {
    name: "list: nested iteration over volume mounts",
    expr: { op: "cmp", cmp: "eq", left: varGet("m", ["mountPath"], ""), right: lit("/var/run") },
    each: [
      ALL_LISTS,
      { var: "m", source: { kind: "list", list: varGet("c", ["volumeMounts"], []), path: lit("x") } },
    ],
    object: pod("p", {
      containers: [
        { name: "a", image: "a" },
        {
          name: "b",
          image: "b",
          volumeMounts: [
            { name: "v", mountPath: "/data" },
            { name: "s", mountPath: "/var/run" },
          ],
        },
      ],
    }),
    expected: true,
  },
];

/**
 * A one-rule program for a case: on Pods and CronJobs, broken exactly when the case's expression
 * is true (a boolean case) or equals `expected` (a value case). Its examples are placeholders: the
 * table's own `expected` is what a test checks.
 *
 * @param c - the case
 * @param index - its position in the table, for a unique rule id
 * @returns the rule, and the verdict it must give on the case's object
 */
export function constructCaseRule(
  c: ConstructCase,
  index: number,
): { rule: RuleIR; verdict: "fail" | "pass" } {
  const boolean = typeof c.expected === "boolean";
  const when: Expr = boolean ? c.expr : { op: "cmp", cmp: "eq", left: c.expr, right: lit(c.expected) };
  const object = c.object ?? pod("p");
  const rule: RuleIR = {
    meta: {
      id: `construct-${index}`,
      title: c.name,
      category: "Other",
      severity: "low",
      gate: 4,
      subject: "Pod",
      description: c.name,
      remediation: "none",
    },
    match: {
      kinds: [
        { group: "", version: "v1", kind: "Pod", resource: "pods", podSpecPath: ["spec"] },
        {
          group: "batch",
          version: "v1",
          kind: "CronJob",
          resource: "cronjobs",
          podSpecPath: ["spec", "jobTemplate", "spec", "template", "spec"],
        },
      ],
      operations: ["CREATE", "UPDATE"],
      excludedNamespaces: [],
    },
    params: Object.fromEntries(
      Object.entries(c.params ?? {}).map(([k, v]) => [
        k,
        {
          schema: Array.isArray(v) ? { type: "array", items: { type: "string" } } : { type: "string" },
          default: v,
        } satisfies ParamIR,
      ]),
    ),
    lets: {},
    violations: [{ each: c.each ?? [], when, field: lit("field"), message: lit(c.name) }],
    examples: { denied: [{ title: "the case", object }], allowed: [] },
  };
  return { rule, verdict: (boolean ? c.expected === true : true) ? "fail" : "pass" };
}
