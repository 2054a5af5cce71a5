import { Environment } from "@marcbachmann/cel-js";
import { describe, expect, it } from "vitest";
import { shareCommonSubexpressions } from "./shared-subexpressions.js";

/** An environment with `tick(x)`, the identity, counting its calls: how often a subexpression really runs. */
function countingEnvironment(): { env: Environment; calls: () => number } {
  let calls = 0;
  const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true }).registerFunction("tick(dyn): dyn", (x: unknown) => {
    calls += 1;
    return x;
  });
  return { env, calls: () => calls };
}

type Run = (context: Record<string, unknown>) => unknown;

function evaluateAll(runs: readonly Run[], context: Record<string, unknown>): unknown[] {
  return runs.map((run) => {
    try {
      return run(context);
    } catch (e) {
      return `error: ${String((e as Error).message)}`;
    }
  });
}

describe("shared subexpressions", () => {
  it("evaluates a subexpression that several expressions share once per object", () => {
    const { env, calls } = countingEnvironment();
    const cache = shareCommonSubexpressions();
    const runs = ['size(tick(object.spec.items)) == 2', 'tick(object.spec.items).exists(x, x == "b")', 'tick(object.spec.items)[0] == "a"'].map((e) => cache.parse(env, e, "s"));
    cache.seal();
    const object = { spec: { items: ["a", "b"] } };
    cache.reset();
    expect(evaluateAll(runs, { object, variables: {} })).toEqual([true, true, true]);
    expect(calls()).toBe(1);
    cache.reset();
    expect(evaluateAll(runs, { object: { spec: { items: ["c"] } }, variables: {} })).toEqual([false, false, false]);
    expect(calls()).toBe(2);
  });

  it("shares a subexpression of a comprehension variable per value of that variable", () => {
    const { env, calls } = countingEnvironment();
    const cache = shareCommonSubexpressions();
    const runs = ['object.spec.containers.all(c, tick(c.name + "") != "x")', 'object.spec.containers.exists(c, tick(c.name + "") == "b")'].map((e) => cache.parse(env, e, "s"));
    cache.seal();
    cache.reset();
    const containers = [{ name: "a" }, { name: "b" }, { name: "c" }];
    expect(evaluateAll(runs, { object: { spec: { containers } }, variables: {} })).toEqual([true, true]);
    // all() visits a, b, c; exists() stops at b and finds a and b remembered.
    expect(calls()).toBe(3);
  });

  it("gives the same values as plain cel-js, with shadowed names, scopes and errors", () => {
    const expressions: [string, string][] = [
      ["object.spec.containers.all(c, c.name.startsWith(\"a\"))", "one"],
      ["object.spec.initContainers.all(c, c.name.startsWith(\"a\"))", "one"],
      ["[1, 2].all(x, [3, 4].exists(x, x > 3))", "one"],
      ["[1, 2].all(x, [3, 4].exists(y, x > 1))", "one"],
      ["dyn(variables).?limit.orValue(0) + size(object.spec.containers)", "one"],
      ["dyn(variables).?limit.orValue(0) + size(object.spec.containers)", "two"],
      ["object.spec.containers.map(c, c.name).size() + object.spec.initContainers.map(c, c.name).size()", "one"],
      ["object.spec.containers[5].name == \"a\" || true", "one"],
      ["object.spec.containers[5].name == \"a\"", "one"],
      ["object.spec.containers.filter(c, c.name != \"a\").map(c, c.name)", "one"],
      ["int(object.spec.replicas) + 1 == 3", "one"],
      ["double(object.spec.replicas) + 1.0 == 3.0", "one"],
    ];
    const plainEnv = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });
    const plain = expressions.map(([e]) => plainEnv.parse(e) as Run);
    const { env } = countingEnvironment();
    const cache = shareCommonSubexpressions();
    const shared = expressions.map(([e, scope]) => cache.parse(env, e, scope));
    cache.seal();
    const objects = [
      { spec: { replicas: 2n, containers: [{ name: "a1" }, { name: "a2" }], initContainers: [{ name: "b" }] } },
      { spec: { replicas: 2, containers: [{ name: "a" }], initContainers: [] } },
      { spec: { containers: "not a list", initContainers: [{ name: "a" }] } },
      { spec: {} },
    ];
    for (const object of objects) {
      for (const variables of [{}, { limit: 5n }]) {
        cache.reset();
        // The scopes say what `variables` means: "two" runs with other variables than "one".
        const got = expressions.map(([, scope], i) => evaluateAll([shared[i]!], { object, variables: scope === "two" ? { limit: 100n } : variables })[0]);
        const want = expressions.map(([, scope], i) => evaluateAll([plain[i]!], { object, variables: scope === "two" ? { limit: 100n } : variables })[0]);
        expect(got).toEqual(want);
      }
    }
  });
});
