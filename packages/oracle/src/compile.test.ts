import type { Expr, Json, RuleIR, ViolationIR } from "@tollgate/rule-dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule } from "./compile.js";
import { evaluateRule } from "./evaluate.js";

const POD = { group: "", version: "v1", kind: "Pod", resource: "pods", podSpecPath: ["spec"] };
const DEPLOYMENT = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  resource: "deployments",
  podSpecPath: ["spec", "template", "spec"],
};

/** A rule of hand-built IR (no DSL), so that every operation can be put in one place. */
function ruleOf(
  violations: ViolationIR[],
  lets: Record<string, Expr> = {},
  params: RuleIR["params"] = {},
): RuleIR {
  return {
    meta: {
      id: "t",
      title: "t",
      category: "Other" as const,
      severity: "low",
      gate: 5,
      subject: "Pod",
      description: "d",
      remediation: "r",
    },
    match: {
      kinds: [POD, DEPLOYMENT],
      operations: ["CREATE", "UPDATE"],
      excludedNamespaces: ["kube-system"],
    },
    params,
    lets,
    violations,
    examples: { denied: [], allowed: [] },
  } as RuleIR;
}

const lit = (value: Json): Expr => ({ op: "lit", value });
const v = (name: string): Expr => ({ op: "var", name });
const get = (base: Expr, ...path: (string | Expr)[]): Expr => ({ op: "get", base, path, default: null });
const str = (e: Expr): Expr => ({ op: "concat", parts: [e] });

/** One violation per expression: fails when the expression is not false, with its value in the message. */
function probe(each: ViolationIR["each"], e: Expr, field: Expr): ViolationIR {
  return {
    each,
    when: { op: "not", arg: { op: "cmp", cmp: "eq", left: e, right: lit(false) } },
    field,
    message: str(e),
  };
}

const c = v("c");
const containers: ViolationIR["each"] = [
  {
    var: "c",
    source: { kind: "containers", lists: ["containers", "initContainers", "ephemeralContainers"] },
  },
];
const image = get(c, "image");
const EXPRESSIONS: Expr[] = [
  get(c, "name"),
  { op: "has", base: c, path: ["securityContext", "privileged"] },
  { op: "get", base: c, path: ["securityContext", { op: "param", name: "field" }], default: "none" },
  ...(["eq", "ne", "lt", "le", "gt", "ge"] as const).flatMap((cmp) => [
    { op: "cmp" as const, cmp, left: get(c, "securityContext", "runAsUser"), right: lit(1000) },
    { op: "cmp" as const, cmp, left: get(c, "name"), right: get(c, "image") },
    { op: "cmp" as const, cmp, left: lit("nginx"), right: get(c, "name") },
    { op: "cmp" as const, cmp, left: get(c, "ports"), right: lit(null) },
    { op: "cmp" as const, cmp, left: get(c, "securityContext"), right: lit({ privileged: true }) },
  ]),
  {
    op: "and",
    args: [
      { op: "has", base: c, path: ["image"] },
      { op: "startsWith", s: image, t: lit("registry.") },
    ],
  },
  {
    op: "or",
    args: [
      { op: "endsWith", s: image, t: lit(":latest") },
      { op: "contains", s: image, t: { op: "param", name: "needle" } },
    ],
  },
  { op: "matches", s: image, pattern: lit("^[a-z]+(:[0-9.]+)?$") },
  { op: "matches", s: image, pattern: lit("([") },
  { op: "matches", s: get(c, "name"), pattern: { op: "param", name: "pattern" } },
  { op: "trimSuffix", s: image, t: lit(":latest") },
  { op: "join", list: get(c, "args"), sep: "," },
  { op: "array", items: [get(c, "name"), lit(1), { op: "pathOf", name: "c" }] },
  { op: "keys", arg: get(c, "securityContext") },
  {
    op: "if",
    cond: { op: "has", base: c, path: ["image"] },
    then: image,
    else: { op: "pathOf", name: "$podSpec" },
  },
  { op: "isQuantity", arg: get(c, "resources", "limits", "cpu") },
  ...(["eq", "lt", "ge"] as const).map((cmp): Expr => ({
    op: "qcmp",
    cmp,
    left: get(c, "resources", "limits", "memory"),
    right: lit("1Gi"),
  })),
  { op: "in", item: lit("NET_RAW"), list: get(c, "securityContext", "capabilities", "add") },
  { op: "in", item: lit(0), list: get(c, "args") },
  { op: "in", item: get(c, "name"), list: { op: "param", name: "names" } },
  { op: "in", item: get(c, "ports"), list: get(c, "args") },
  ...(["all", "any", "none", "one"] as const).map((op): Expr => ({
    op,
    var: "a",
    list: get(c, "args"),
    body: { op: "cmp", cmp: "ne", left: v("a"), right: get(c, "name") },
  })),
  {
    op: "all",
    var: "c",
    list: get(c, "args"),
    body: {
      op: "any",
      var: "x",
      list: get(c, "args"),
      body: { op: "cmp", cmp: "eq", left: v("x"), right: v("c") },
    },
  },
  { op: "size", arg: get(c, "args") },
  { op: "size", arg: get(c, "securityContext") },
  { op: "size", arg: image },
  ...(["registry", "repository", "tag", "digest"] as const).map((part): Expr => ({
    op: "imagePart",
    part,
    image,
  })),
  {
    op: "concat",
    parts: [lit("container "), get(c, "name"), lit(" at "), { op: "pathOf", name: "c" }, get(c, "ports")],
  },
  { op: "let", name: "hostNetwork" },
  {
    op: "cmp",
    cmp: "eq",
    left: { op: "let", name: "hostNetwork" },
    right: { op: "let", name: "hostNetwork" },
  },
  { op: "var", name: "unbound" },
  { op: "pathOf", name: "unbound" },
  { op: "param", name: "missing" },
];

const RULE = ruleOf(
  [
    ...EXPRESSIONS.map((e) => probe(containers, e, { op: "pathOf", name: "c" })),
    // Nested iteration over a list the rule computes, with the path it gives.
    probe(
      [
        ...containers,
        {
          var: "p",
          source: {
            kind: "list",
            list: get(c, "ports"),
            path: { op: "concat", parts: [{ op: "pathOf", name: "c" }, lit(".ports")] },
          },
        },
      ],
      get(v("p"), "hostPort"),
      { op: "pathOf", name: "p" },
    ),
    probe([], { op: "object" }, lit("object")),
    probe([], { op: "podSpec" }, lit("spec")),
  ],
  { hostNetwork: get({ op: "podSpec" }, "hostNetwork") },
  {
    field: { type: "string", description: "f", default: "runAsUser" },
    needle: { type: "string", description: "n", default: "evil" },
    pattern: { type: "string", description: "p", default: "^w[0-9]+$" },
    names: { type: "array", description: "n", default: ["nginx", "w1"] },
  } as unknown as RuleIR["params"],
);

const scalar = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    1000,
    -1,
    "",
    "nginx",
    "w1",
    "NET_RAW",
    "1Gi",
    "512Mi",
    "2",
    "registry.x/app:latest",
    "a@sha256:00",
  ),
  fc.string({ maxLength: 6 }),
  fc.integer(),
);
const container = fc.record(
  {
    name: fc.oneof(scalar, fc.constantFrom("nginx", "w1", "app")),
    image: fc.oneof(
      scalar,
      fc.constantFrom("nginx", "nginx:latest", "registry.evil/app:1.2", "localhost:5000/x@sha256:ab", "w1"),
    ),
    args: fc.oneof(fc.array(scalar, { maxLength: 4 }), scalar),
    ports: fc.oneof(
      fc.array(fc.record({ hostPort: scalar }, { requiredKeys: [] }), { maxLength: 3 }),
      scalar,
    ),
    securityContext: fc.oneof(
      fc.record(
        {
          privileged: scalar,
          runAsUser: scalar,
          capabilities: fc.record(
            { add: fc.oneof(fc.array(scalar, { maxLength: 3 }), scalar) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      scalar,
    ),
    resources: fc.record(
      { limits: fc.record({ cpu: scalar, memory: scalar }, { requiredKeys: [] }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const podSpec = fc.record(
  {
    containers: fc.oneof(fc.array(container, { maxLength: 3 }), scalar),
    initContainers: fc.array(container, { maxLength: 2 }),
    hostNetwork: scalar,
  },
  { requiredKeys: [] },
);
const objectArbitrary = fc.oneof(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Pod"),
    metadata: fc.record({ name: fc.constant("p"), namespace: fc.constantFrom("default", "kube-system") }),
    spec: podSpec,
  }),
  fc.record({
    apiVersion: fc.constant("apps/v1"),
    kind: fc.constant("Deployment"),
    metadata: fc.record({ name: fc.constant("d") }),
    spec: fc.record({ template: fc.record({ spec: podSpec }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  }),
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Service"),
    metadata: fc.record({ name: fc.constant("s") }),
  }),
);

describe("compileRule", () => {
  it("gives exactly the interpreter's verdicts and violations, for every operation of the IR", () => {
    const compiled = compileRule(RULE, { needle: "app" });
    let failed = 0;
    fc.assert(
      fc.property(objectArbitrary, fc.constantFrom("CREATE", "UPDATE", "DELETE"), (object, operation) => {
        const expected = evaluateRule(RULE, object, { needle: "app" }, { operation });
        if (expected.verdict === "fail") failed += 1;
        expect(compiled(object, { operation })).toEqual(expected);
      }),
      { seed: 11, numRuns: 1500 },
    );
    // The comparison is not vacuous: most objects fail some probe.
    expect(failed).toBeGreaterThan(500);
  });

  it("evaluates the same objects again and again without carrying anything over", () => {
    const compiled = compileRule(RULE);
    const objects = fc.sample(objectArbitrary, { seed: 3, numRuns: 200 });
    const first = objects.map((o) => compiled(o));
    expect(objects.map((o) => compiled(o))).toEqual(first);
    expect(first).toEqual(objects.map((o) => evaluateRule(RULE, o)));
  });

  it("leaves a named sub-expression that reads a use-site variable to the interpreter, and fails as it does", () => {
    const dynamic = ruleOf([probe(containers, { op: "let", name: "n" }, lit("f"))], { n: get(c, "name") });
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "a" }, { name: "b" }] },
    };
    expect(compileRule(dynamic)(pod)).toEqual(evaluateRule(dynamic, pod));
    const undefinedLet = ruleOf([probe(containers, { op: "let", name: "nope" }, lit("f"))]);
    expect(() => compileRule(undefinedLet)(pod)).toThrow("named sub-expression nope is not defined");
    expect(() => evaluateRule(undefinedLet, pod)).toThrow("named sub-expression nope is not defined");
  });

  it("knows only the rule's own named sub-expressions: constructor, toString and __proto__ are not defined", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: {} };
    for (const name of ["constructor", "toString", "__proto__"]) {
      const rule = ruleOf([probe([], { op: "let", name }, lit("f"))]);
      expect(() => compileRule(rule)(pod)).toThrow(`named sub-expression ${name} is not defined`);
      expect(() => evaluateRule(rule, pod)).toThrow(`named sub-expression ${name} is not defined`);
    }
  });

  it("serialises a list or map compared with a constant as the interpreter does, so that one too deep to serialise throws in both", () => {
    let deep: Json = "bottom";
    for (let i = 0; i < 20_000; i++) deep = { x: deep };
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { deep, none: [] } };
    const spec = (...path: string[]): Expr => get({ op: "podSpec" }, ...path);
    for (const e of [
      { op: "cmp", cmp: "ne", left: spec("deep"), right: lit("a") },
      { op: "in", item: lit("a"), list: { op: "array", items: [spec("deep")] } },
    ] as Expr[]) {
      const rule = ruleOf([probe([], e, lit("f"))]);
      expect(() => evaluateRule(rule, pod, {}, { normalized: true })).toThrow(RangeError);
      expect(() => compileRule(rule)(pod, { normalized: true })).toThrow(RangeError);
    }
    // An empty list compares nothing, so the deep item is never serialised.
    const empty = ruleOf([probe([], { op: "in", item: spec("deep"), list: spec("none") }, lit("f"))]);
    expect(compileRule(empty)(pod, { normalized: true })).toEqual(
      evaluateRule(empty, pod, {}, { normalized: true }),
    );
  });

  it("reads __proto__ keys as data and changes no prototype", () => {
    const hostile = JSON.parse(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"x","__proto__":{"image":"nginx"},"securityContext":{"__proto__":{"polluted":true}}}]}}',
    );
    expect(compileRule(RULE)(hostile)).toEqual(evaluateRule(RULE, hostile));
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["image"]).toBeUndefined();
  });
});
