#!/usr/bin/env node
// Benchmark (issue 5 item 7): samples per second per in-process engine on generated objects, per
// rule, and the wall time of the whole property harness (checkRule for every rule). See bench/README.md.
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { createCelEngine, createOracleEngine, createRegoEngine } from "@tollgate/engines";
import { ruleTargetedArbitrary } from "@tollgate/generators";
import { checkRule, generatedKindsOf } from "@tollgate/harness";
import { ALL_RULES } from "./lib/in-process.mjs";

const { values: opts } = parseArgs({
  options: {
    seed: { type: "string", default: process.env["TOLLGATE_SEED"] ?? "42" },
    samples: { type: "string", default: "50" },
    runs: { type: "string", default: "100" },
    rules: { type: "string" },
    "cold-cache": { type: "boolean", default: false },
    "skip-throughput": { type: "boolean", default: false },
    "skip-harness": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    [
      "usage: node bench/harness.mjs [--seed S] [--samples N] [--runs N] [--rules ID,...] [--cold-cache]",
      "                              [--skip-throughput] [--skip-harness]",
      "",
      "1. Per rule: N rule-targeted generated objects per kind the rule matches, evaluated by the",
      "   oracle, opa-wasm (rego) and cel-js (cel), each built for that rule alone as the harness builds",
      "   them; prints samples per second per engine, and of the generator.",
      "2. The property harness: checkRule(rule, {seed, runs}) for every rule (runs per rule and kind),",
      "   timed as a whole, with disagreements and witness coverage. --cold-cache runs it with an empty",
      "   wasm build cache, so that every rule's bundle is built by opa as on a new machine.",
      "",
    ].join("\n"),
  );
  process.exit(0);
}
const seed = Number(opts.seed);
const fmt = (n, digits = 0) =>
  n === undefined || !Number.isFinite(n)
    ? "-"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line = "") => process.stdout.write(`${line}\n`);
const ids = opts.rules?.split(",").map((s) => s.trim());
const rules = ids ? ALL_RULES.filter((r) => ids.includes(r.meta.id)) : ALL_RULES;
if (ids && rules.length !== ids.length)
  throw new Error(
    `unknown rule in --rules: ${ids.filter((id) => !rules.some((r) => r.meta.id === id)).join(", ")}`,
  );

log(
  `Tollgate harness benchmark: ${rules.length} rules, seed ${seed}; ${cpus().length} cores, node ${process.version}`,
);
log();

// ---------------------------------------------------------------- 1. engine throughput per rule
if (!opts["skip-throughput"]) {
  const perKind = Number(opts.samples);
  log(
    `1. Samples per second per engine (per rule: ${perKind} targeted objects per kind; engines built for the rule alone; after a warm-up pass)`,
  );
  log(
    `   ${"rule".padEnd(42)} ${"kinds".padStart(5)} ${"samples".padStart(7)} ${"gen/s".padStart(8)} ${"oracle/s".padStart(9)} ${"rego/s".padStart(9)} ${"cel/s".padStart(9)}`,
  );
  const totals = { samples: 0, gen: 0, oracle: 0, rego: 0, cel: 0 };
  for (const rule of rules) {
    const kinds = generatedKindsOf(rule);
    let t = performance.now();
    const objects = kinds.flatMap((kind) =>
      fc.sample(ruleTargetedArbitrary(rule, kind), { seed, numRuns: perKind }),
    );
    const genMs = performance.now() - t;
    const input = { rules: [rule] };
    const engines = {
      oracle: createOracleEngine(input),
      rego: await createRegoEngine(input),
      cel: createCelEngine(input),
    };
    const perS = {};
    for (const [name, engine] of Object.entries(engines)) {
      for (const o of objects.slice(0, 50)) engine.evaluate(o);
      t = performance.now();
      for (const o of objects) engine.evaluate(o);
      const ms = performance.now() - t;
      totals[name] += ms;
      perS[name] = (objects.length / ms) * 1000;
    }
    totals.samples += objects.length;
    totals.gen += genMs;
    log(
      `   ${rule.meta.id.padEnd(42)} ${String(kinds.length).padStart(5)} ${fmt(objects.length).padStart(7)} ${fmt((objects.length / genMs) * 1000).padStart(8)} ${fmt(perS.oracle).padStart(9)} ${fmt(perS.rego).padStart(9)} ${fmt(perS.cel).padStart(9)}`,
    );
  }
  const all = (ms) => fmt((totals.samples / ms) * 1000);
  log(
    `   ${"all rules".padEnd(42)} ${"".padStart(5)} ${fmt(totals.samples).padStart(7)} ${all(totals.gen).padStart(8)} ${all(totals.oracle).padStart(9)} ${all(totals.rego).padStart(9)} ${all(totals.cel).padStart(9)}`,
  );
  log();
}

// ---------------------------------------------------------------- 2. the whole property harness
if (!opts["skip-harness"]) {
  const runs = Number(opts.runs);
  let coldDir;
  if (opts["cold-cache"]) {
    coldDir = mkdtempSync(join(tmpdir(), "tollgate-wasm-cold-"));
    process.env["TOLLGATE_WASM_CACHE_DIR"] = coldDir;
  }
  const cacheDir =
    process.env["TOLLGATE_WASM_CACHE_DIR"] ?? join(process.env["HOME"] ?? "", ".cache", "tollgate", "wasm");
  const entriesBefore = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
  log(
    `2. The property harness: checkRule(rule, { seed: ${seed}, runs: ${runs} }) for every rule, one after another${coldDir ? " (empty wasm cache)" : ""}`,
  );
  const started = performance.now();
  const perRule = [];
  let samples = 0;
  const disagreements = [];
  const missingWitness = [];
  for (const rule of rules) {
    const t = performance.now();
    const outcomes = await checkRule(rule, { seed, runs });
    perRule.push([rule.meta.id, performance.now() - t, outcomes.reduce((n, o) => n + o.samples, 0)]);
    for (const o of outcomes) {
      samples += o.samples;
      if (o.disagreement) disagreements.push(`${o.rule} on ${o.kind}`);
      if (o.denied === 0 || o.allowed === 0)
        missingWitness.push(`${o.rule} on ${o.kind} (denied ${o.denied}, allowed ${o.allowed})`);
    }
  }
  const wallMs = performance.now() - started;
  const builds = (existsSync(cacheDir) ? readdirSync(cacheDir).length : 0) - entriesBefore;
  log(
    `   wall time: ${fmt(wallMs / 1000, 1)} s for ${rules.length} rules, ${fmt(samples)} samples through 3 engines (${fmt((samples / wallMs) * 1000)} samples/s, generation and shrinking included)`,
  );
  log(`   opa builds: ${builds} new wasm cache entries (the others came from the cache)`);
  log(
    `   slowest rules: ${perRule
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([id, ms, n]) => `${id} ${fmt(ms / 1000, 1)} s (${fmt(n)} samples)`)
      .join(", ")}`,
  );
  log(
    `   disagreements: ${disagreements.length}${disagreements.length ? ` (${disagreements.join("; ")})` : ""}`,
  );
  log(
    `   kinds without a deny and an allow witness: ${missingWitness.length}${missingWitness.length ? ` (${missingWitness.slice(0, 10).join("; ")}${missingWitness.length > 10 ? "; ..." : ""})` : ""}`,
  );
  if (coldDir) rmSync(coldDir, { recursive: true, force: true });
}
