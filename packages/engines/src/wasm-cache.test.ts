import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRule, forEachContainer, msg, read, eq, violation } from "@tollgate/rule-dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegoEngine } from "./rego-engine.js";
import { pruneCache, readCachedWasm, wasmBuildKey, writeCachedWasm } from "./wasm-cache.js";

const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};
const rule = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "test-cached",
    title: "t",
    category: "Other" as const,
    severity: "low",
    gate: 4,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: eq(read(c.name, ""), "bad"),
        field: c.name,
        message: msg`container ${c.name} is bad`,
      }),
    ),
});
const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name, image: "i" }] },
});

describe("the wasm build cache", () => {
  let dir: string;
  const saved = process.env["TOLLGATE_WASM_CACHE_DIR"];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-wasm-cache-test-"));
    process.env["TOLLGATE_WASM_CACHE_DIR"] = dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env["TOLLGATE_WASM_CACHE_DIR"];
    else process.env["TOLLGATE_WASM_CACHE_DIR"] = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores a build and reads it back; a damaged or partial entry reads as absent and is replaced", () => {
    const key = wasmBuildKey({ test: 1 });
    expect(wasmBuildKey({ test: 1 })).toBe(key);
    expect(wasmBuildKey({ test: 2 })).not.toBe(key);
    expect(readCachedWasm(dir, key)).toBeUndefined();
    writeCachedWasm(dir, key, { wasm: Buffer.from("wasm bytes"), data: "{}" });
    expect(readCachedWasm(dir, key)).toEqual({ wasm: Buffer.from("wasm bytes"), data: "{}" });
    writeFileSync(join(dir, key, "policy.wasm"), "tampered");
    expect(readCachedWasm(dir, key)).toBeUndefined();
    writeCachedWasm(dir, key, { wasm: Buffer.from("wasm bytes"), data: "{}" });
    expect(readCachedWasm(dir, key)).toEqual({ wasm: Buffer.from("wasm bytes"), data: "{}" });
    rmSync(join(dir, key, "entry.json"));
    expect(readCachedWasm(dir, key)).toBeUndefined();
    expect(readdirSync(dir).filter((f) => f.startsWith(".tmp-"))).toEqual([]);
  });

  it("keeps the most recently written entries when pruned", () => {
    const pruneDir = mkdtempSync(join(tmpdir(), "tollgate-wasm-prune-test-"));
    try {
      const keys = [1, 2, 3, 4].map((n) => wasmBuildKey({ prune: n }));
      keys.forEach((key, i) => {
        writeCachedWasm(pruneDir, key, { wasm: Buffer.from(`w${i}`), data: "{}" });
        const at = new Date(Date.now() - (keys.length - i) * 60_000);
        utimesSync(join(pruneDir, key, "entry.json"), at, at);
      });
      pruneCache(pruneDir, 2);
      expect(readdirSync(pruneDir).sort()).toEqual(keys.slice(2).sort());
    } finally {
      rmSync(pruneDir, { recursive: true, force: true });
    }
  });

  it("gives the rego engine the same build from the cache, and rebuilds a damaged one", async () => {
    const before = new Set(readdirSync(dir));
    const first = await createRegoEngine({ rules: [rule] });
    const entries = readdirSync(dir).filter((f) => !before.has(f));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(dir, entries[0]!, "policy.wasm"))).toBe(true);
    const fromCache = await createRegoEngine({ rules: [rule] });
    for (const e of entries) writeFileSync(join(dir, e, "policy.wasm"), "not wasm");
    const rebuilt = await createRegoEngine({ rules: [rule] });
    for (const e of entries) expect(readCachedWasm(dir, e)).toBeDefined();
    for (const engine of [first, fromCache, rebuilt]) {
      expect(engine.evaluate(pod("bad"))).toEqual([
        { rule: "test-cached", verdict: "fail", messages: ["spec.containers[0].name: container bad is bad"] },
      ]);
      expect(engine.evaluate(pod("good"))).toEqual([{ rule: "test-cached", verdict: "pass", messages: [] }]);
      expect(engine.evaluate({ apiVersion: "v1", kind: "ConfigMap" })).toEqual([
        { rule: "test-cached", verdict: "skip", messages: [] },
      ]);
    }
  }, 300_000);
});
