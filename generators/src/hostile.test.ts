import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getAt, isObject } from "./json-paths.js";
import { hostileManifestArbitrary } from "./hostile.js";
import { manifestArbitrary } from "./manifests.js";
import { plainJsonProblems } from "./validation.test-helpers.js";

/** Every value inside a value (iteratively, so deep nesting does not overflow the stack). */
function everything(root: unknown): { value: unknown; depth: number; key: string }[] {
  const out: { value: unknown; depth: number; key: string }[] = [];
  const stack = [{ value: root, depth: 0, key: "" }];
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number; key: string };
    out.push(next);
    if (Array.isArray(next.value))
      next.value.forEach((v, i) => stack.push({ value: v, depth: next.depth + 1, key: String(i) }));
    else if (isObject(next.value))
      for (const k of Object.keys(next.value))
        stack.push({ value: next.value[k], depth: next.depth + 1, key: k });
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("hostileManifestArbitrary", () => {
  const manifests = fc.sample(hostileManifestArbitrary("Deployment"), { numRuns: 400, seed: 51 });
  const all = manifests.map(everything);
  const some = (test: (m: Record<string, unknown>, values: ReturnType<typeof everything>) => boolean) =>
    manifests.filter((m, i) => test(m, all[i] ?? [])).length;

  it("produces every kind of damage", () => {
    expect(some((m) => !("kind" in m) || !("apiVersion" in m))).toBeGreaterThan(0);
    expect(some((m) => m["kind"] !== undefined && m["kind"] !== "Deployment")).toBeGreaterThan(0);
    expect(
      some((_, vs) => vs.some((v) => typeof v.value === "string" && v.value.length >= 1000)),
    ).toBeGreaterThan(0);
    expect(
      some((_, vs) => vs.some((v) => typeof v.value === "string" && LONE_SURROGATE.test(v.value))),
    ).toBeGreaterThan(0);
    expect(
      some((_, vs) =>
        vs.some(
          (v) =>
            typeof v.value === "string" &&
            (v.value.includes("\u0000") ||
              v.value.includes("\u202E") ||
              /\p{Extended_Pictographic}/u.test(v.value)),
        ),
      ),
    ).toBeGreaterThan(0);
    expect(some((_, vs) => vs.some((v) => v.depth >= 100))).toBeGreaterThan(0);
    expect(some((_, vs) => vs.some((v) => v.key === "__proto__"))).toBeGreaterThan(0);
    expect(some((_, vs) => vs.some((v) => Array.isArray(v.value) && v.value.length >= 1000))).toBeGreaterThan(
      0,
    );
    expect(some((_, vs) => vs.some((v) => Array.isArray(v.value) && v.value.includes(null)))).toBeGreaterThan(
      0,
    );
    expect(
      some((_, vs) =>
        vs.some((v) => typeof v.value === "number" && (!Number.isSafeInteger(v.value) || v.value < 0)),
      ),
    ).toBeGreaterThan(0);
    // A wrong type at a field policies read.
    const spec = (m: Record<string, unknown>) => getAt(m, ["spec", "template", "spec"]);
    expect(
      some((m) =>
        ["hostNetwork", "hostPID", "hostIPC", "automountServiceAccountToken"].some(
          (f) =>
            !["boolean", "undefined"].includes(typeof getAt(spec(m), [f])) && getAt(spec(m), [f]) !== null,
        ),
      ),
    ).toBeGreaterThan(0);
    expect(some((m) => isObject(spec(m)) && !Array.isArray(getAt(spec(m), ["containers"])))).toBeGreaterThan(
      0,
    );
  });

  it("keeps sizes modest: strings up to 100 KB, nesting up to about 200", () => {
    let longest = 0;
    let deepest = 0;
    for (const vs of all) {
      for (const v of vs) {
        if (typeof v.value === "string") longest = Math.max(longest, v.value.length);
        deepest = Math.max(deepest, v.depth);
      }
    }
    expect(longest).toBeLessThanOrEqual(100_000);
    expect(deepest).toBeLessThan(230);
  });

  it("stays JSON: no undefined, NaN or class instances, and a JSON round trip gives the same object", () => {
    for (const m of manifests) {
      expect(plainJsonProblems(m)).toEqual([]);
      // vitest's equality reads an own `constructor` key as the class; node's does not.
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(m)), m)).toBe(true);
    }
  });

  it("makes __proto__ and constructor own keys without polluting any prototype", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const withProto = manifests.filter((_, i) =>
      (all[i] ?? []).some((v) => v.key === "__proto__" || v.key === "constructor"),
    );
    expect(withProto.length).toBeGreaterThan(0);
    for (const m of withProto) {
      for (const { value } of everything(m)) {
        if (!isObject(value)) continue;
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
        if (Object.keys(value).includes("__proto__"))
          expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).toBe(true);
      }
      // What careless consumers do with such objects must not reach Object.prototype either.
      const copy = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
      Object.assign({}, copy, copy["metadata"]);
      structuredClone(copy);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it("is deterministic for a seed and works for every kind through manifestArbitrary", () => {
    const arb = manifestArbitrary("Pod", { mode: "hostile" });
    expect(
      isDeepStrictEqual(fc.sample(arb, { numRuns: 20, seed: 52 }), fc.sample(arb, { numRuns: 20, seed: 52 })),
    ).toBe(true);
    expect(
      isDeepStrictEqual(fc.sample(arb, { numRuns: 20, seed: 52 }), fc.sample(arb, { numRuns: 20, seed: 54 })),
    ).toBe(false);
    for (const kind of [
      "Service",
      "Role",
      "Ingress",
      "NetworkPolicy",
      "CronJob",
      "Rollout",
      "Namespace",
    ] as const) {
      for (const m of fc.sample(manifestArbitrary(kind, { mode: "hostile" }), { numRuns: 15, seed: 53 }))
        expect(plainJsonProblems(m)).toEqual([]);
    }
  });
});
