import {
  and,
  at,
  eq,
  exactlyOne,
  forEachContainer,
  glob,
  ifThen,
  isQuantity,
  itself,
  join,
  matches,
  msg,
  named,
  not,
  param,
  quantity,
  read,
  startsWith,
  trimSuffix,
  violation,
  defineRule,
  any,
  or,
  endsWith,
  forEachValue,
  keysOf,
  isIn,
  listOf,
  namedRef,
  withValue,
} from "@tollgate/rule-dsl";
import { beforeAll, describe, expect, it } from "vitest";
import { createCelEngine } from "./cel-engine.js";
import type { Engine } from "./engine.js";
import { createOracleEngine } from "./oracle-engine.js";
import { createRegoEngine } from "./rego-engine.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const meta = (id: string) => ({
  id,
  title: id,
  category: "Other" as const,
  severity: "low" as const,
  gate: 4 as const,
  subject: "Pod",
  description: "d",
  remediation: "r",
});

/** Quantities: requests above a maximum, or not a quantity at all. */
const maxCpu = defineRule({
  examples: TEST_EXAMPLES,
  meta: meta("test-max-cpu"),
  params: { cpu: param.string("maximum cpu", "1500m") },
  violations: ({ params }) =>
    forEachContainer((c) => [
      violation({
        when: quantity.gt(read(at(c.resources.requests, "cpu"), "0"), params.cpu),
        field: at(c.resources.requests, "cpu"),
        message: msg`cpu request above ${params.cpu}`,
      }),
      violation({
        when: not(isQuantity(read(at(c.resources.requests, "cpu"), "0"))),
        field: at(c.resources.requests, "cpu"),
        message: msg`cpu request is not a quantity`,
      }),
    ]),
});

/** Exemptions with a trailing `*`, a glob, exactly-one, if, join and a named sub-expression. */
const exempt = defineRule({
  examples: TEST_EXAMPLES,
  meta: meta("test-exempt"),
  params: {
    exemptImages: param.stringList("exempt images", ["safe.io/*", "exact:1"]),
    drop: param.stringList("caps", ["ALL"]),
  },
  violations: ({ params, pod }) => {
    const windows = named("isWindows", eq(read(pod.os.name, ""), "windows"));
    return forEachContainer((c) => {
      const image = read(c.image, "");
      const exempted = any(params.exemptImages, (e) =>
        ifThen(endsWith(itself(e), "*"), startsWith(image, trimSuffix(itself(e), "*")), eq(image, itself(e))),
      );
      return violation({
        when: and(
          not(windows),
          not(exempted),
          not(glob(image, "*/skip-?:*")),
          not(exactlyOne(c.securityContext.capabilities.drop, (d) => eq(itself(d), "ALL"))),
        ),
        field: c.securityContext.capabilities.drop,
        message: msg`drop exactly one ALL (${ifThen(matches(image, "^[a-z]+$"), "short", "long")} image; exempt: ${join(params.exemptImages, ", ")})`,
      });
    });
  },
});

/** Iteration over the keys of a map, and a map read under a computed key. */
const annotations = defineRule({
  examples: TEST_EXAMPLES,
  meta: meta("test-annotations"),
  violations: ({ metadata }) =>
    forEachValue(keysOf(metadata.annotations), "metadata.annotations", (k) =>
      violation({
        when: and(
          startsWith(itself(k), "container.apparmor.security.beta.kubernetes.io/"),
          not(isIn(read(at(metadata.annotations, itself(k)), ""), ["runtime/default"])),
        ),
        field: msg`metadata.annotations.${itself(k)}`,
        message: msg`apparmor profile ${read(at(metadata.annotations, itself(k)), "")} is not allowed`,
      }),
    ),
});

const pod = (containers: unknown[], os?: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers, ...(os ? { os: { name: os } } : {}) },
});
const cpu = (v: unknown) => pod([{ name: "a", image: "a", resources: { requests: { cpu: v } } }]);
const caps = (image: string, drop?: string[], os?: string) =>
  pod([{ name: "a", image, ...(drop ? { securityContext: { capabilities: { drop } } } : {}) }], os);

const CASES: [string, unknown, { "test-max-cpu": string; "test-exempt": string }][] = [
  ["cpu 500m", cpu("500m"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu 2", cpu("2"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 1.5 (number)", cpu(1.5), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu 2 (number)", cpu(2), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 1501m", cpu("1501m"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 1.5", cpu("1.5"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu 1e3", cpu("1e3"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 15e-4", cpu("15e-4"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu 1Ki", cpu("1Ki"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu bogus", cpu("1.5.0"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  // Kubernetes reads these as quantities: missing digits are zero, a sign is allowed.
  ["cpu .5 (no leading digit)", cpu(".5"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu 2. (no fraction digits)", cpu("2."), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu . (zero)", cpu("."), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu Mi (zero)", cpu("Mi"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["cpu +2", cpu("+2"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 0002", cpu("0002"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu empty", cpu(""), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["cpu 1K (not a suffix)", cpu("1K"), { "test-max-cpu": "fail", "test-exempt": "fail" }],
  ["drop ALL", caps("nginx", ["ALL"]), { "test-max-cpu": "pass", "test-exempt": "pass" }],
  ["drop ALL twice", caps("nginx", ["ALL", "ALL"]), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["exempt prefix", caps("safe.io/x:1"), { "test-max-cpu": "pass", "test-exempt": "pass" }],
  ["exempt exact", caps("exact:1"), { "test-max-cpu": "pass", "test-exempt": "pass" }],
  ["not exact", caps("exact:12"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["glob skip", caps("r.io/a/skip-1:v2"), { "test-max-cpu": "pass", "test-exempt": "pass" }],
  ["glob no skip", caps("r.io/a/skip-12:v2"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["glob dot literal", caps("r.io/skip-1.v2"), { "test-max-cpu": "pass", "test-exempt": "fail" }],
  ["windows", caps("nginx", [], "windows"), { "test-max-cpu": "pass", "test-exempt": "pass" }],
];

describe("IR constructs give the same verdicts and messages in every engine", () => {
  let engines: Engine[];
  beforeAll(async () => {
    const input = { rules: [maxCpu, exempt] };
    engines = [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
  }, 300_000);

  for (const [name, object, expected] of CASES) {
    it(name, () => {
      for (const engine of engines) {
        const got = Object.fromEntries(engine.evaluate(object).map((r) => [r.rule, r.verdict]));
        expect(got, engine.name).toEqual(expected);
      }
      const [oracle, rego] = engines.map((e) => e.evaluate(object));
      expect(rego!.map((r) => r.messages)).toEqual(oracle!.map((r) => r.messages));
    });
  }

  it("iterates over map keys in every engine", async () => {
    const input = { rules: [annotations] };
    const all = [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
    const withAnnotations = (a: Record<string, string> | undefined) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", ...(a ? { annotations: a } : {}) },
      spec: { containers: [] },
    });
    const cases: [Record<string, string> | undefined, string][] = [
      [undefined, "pass"],
      [{}, "pass"],
      [{ "container.apparmor.security.beta.kubernetes.io/app": "runtime/default", other: "x" }, "pass"],
      [{ "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }, "fail"],
    ];
    for (const [a, expected] of cases) {
      const results = all.map((e) => e.evaluate(withAnnotations(a))[0]!);
      expect(
        results.map((r) => r.verdict),
        JSON.stringify(a),
      ).toEqual([expected, expected, expected]);
      expect(results[1]!.messages).toEqual(results[0]!.messages);
    }
  }, 300_000);

  it("binds a computed value once (withValue), builds lists (listOf) and reads fields of a named map (namedRef) in every engine", async () => {
    const rule = defineRule({
      examples: TEST_EXAMPLES,
      meta: meta("test-bind"),
      params: { allowed: param.stringList("allowed", ["a", "b"]) },
      violations: ({ metadata, params }) => {
        const labels = namedRef<Record<string, string>>("labels", read(metadata.labels, {}));
        return forEachContainer((c) => {
          const own = at(labels, msg`tier-${c.name}`);
          const tier = ifThen(eq(read(own, ""), ""), read(at(labels, "tier"), "none"), read(own, ""));
          return violation({
            when: withValue(tier, (t) =>
              and(not(isIn(t, params.allowed)), not(isIn(t, listOf<string>(read(c.image, ""), msg`x-${t}`)))),
            ),
            field: c.name,
            message: msg`tier ${tier} of ${c.name} is not allowed`,
          });
        });
      },
    });
    const input = { rules: [rule] };
    const all = [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
    const object = (labels: Record<string, string> | undefined, image = "img") => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", ...(labels ? { labels } : {}) },
      spec: { containers: [{ name: "app", image }] },
    });
    const cases: [Record<string, string> | undefined, string, string][] = [
      [undefined, "img", "fail"],
      [{ tier: "a" }, "img", "pass"],
      [{ tier: "c" }, "img", "fail"],
      [{ tier: "c" }, "c", "pass"],
      [{ tier: "a", "tier-app": "z" }, "img", "fail"],
      [{ tier: "z", "tier-app": "b" }, "img", "pass"],
    ];
    for (const [labels, image, expected] of cases) {
      const results = all.map((e) => e.evaluate(object(labels, image))[0]!);
      expect(
        results.map((r) => r.verdict),
        JSON.stringify(labels),
      ).toEqual([expected, expected, expected]);
      expect(results[1]!.messages).toEqual(results[0]!.messages);
    }
  }, 300_000);

  it("names the offending field and joins list parameters in messages", () => {
    const [oracle] = engines.map((e) => e.evaluate(caps("nginx", ["NET_RAW"])));
    expect(oracle!.find((r) => r.rule === "test-exempt")!.messages).toEqual([
      "spec.containers[0].securityContext.capabilities.drop: drop exactly one ALL (short image; exempt: safe.io/*, exact:1)",
    ]);
  });

  it("rejects a named sub-expression that reads an iteration variable", () => {
    expect(() =>
      defineRule({
        examples: TEST_EXAMPLES,
        meta: meta("bad-named"),
        violations: () =>
          forEachContainer((c) =>
            violation({ when: named("x", eq(read(c.name, ""), "a")), field: c.name, message: msg`m` }),
          ),
      }),
    ).toThrow(/reads an iteration variable/);
    void or;
  });
});

describe("negated quantity comparisons fail closed in every engine", () => {
  it("not(quantity.eq(request, limit)) holds when the limit is missing", async () => {
    const rule = defineRule({
      examples: TEST_EXAMPLES,
      meta: meta("test-not-qcmp"),
      violations: () =>
        forEachContainer((c) =>
          violation({
            when: not(
              quantity.eq(
                read(at(c.resources.requests, "memory"), ""),
                read(at(c.resources.limits, "memory"), ""),
              ),
            ),
            field: c.resources,
            message: msg`memory request and limit differ`,
          }),
        ),
    });
    const input = { rules: [rule] };
    const all = [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
    const withResources = (resources: unknown) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "a", image: "a", resources }] },
    });
    for (const [resources, expected] of [
      [{ requests: { memory: "128Mi" } }, "fail"],
      [{ requests: { memory: "128Mi" }, limits: { memory: "128Mi" } }, "pass"],
      [{ requests: { memory: "1Gi" }, limits: { memory: "1024Mi" } }, "pass"],
      [{ requests: { memory: "1Gi" }, limits: { memory: "1G" } }, "fail"],
    ] as const) {
      expect(
        all.map((e) => e.evaluate(withResources(resources))[0]!.verdict),
        JSON.stringify(resources),
      ).toEqual([expected, expected, expected]);
    }
  }, 300_000);
});
