#!/usr/bin/env node
// Where the time of `tollgate eval` goes, stage by stage, on one thread: module loading, engine
// set-up, reading the manifests (YAML), evaluation, and writing the JSON report. Uses the public
// APIs of the packages `tollgate eval` is built from, not the CLI itself. See bench/README.md.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultAnchorsDir } from "./lib/corpus.mjs";

const { values: opts } = parseArgs({
  options: {
    generated: { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
    anchors: { type: "string", default: defaultAnchorsDir() },
    engines: { type: "string", default: "oracle,cel,rego" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    "usage: node bench/eval-breakdown.mjs [--generated N] [--seed S] [--anchors DIR] [--engines oracle,cel,rego]\n\nWhere tollgate eval's time goes, stage by stage on one thread: module loading, engine set-up, reading, evaluation, the JSON report.\n",
  );
  process.exit(0);
}
const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const log = (line = "") => process.stdout.write(`${line}\n`);
const time = async (f) => {
  const t = performance.now();
  const value = await f();
  return [value, performance.now() - t];
};

const [modules, importMs] = await time(async () => ({
  engines: await import("@tollgate/engines"),
  loader: await import("@tollgate/manifest-loader"),
  kyverno: await import("@tollgate/policies-kyverno"),
  opa: await import("@tollgate/policies-opa"),
}));
const rules = [...modules.kyverno.KYVERNO_RULES, ...modules.opa.OPA_RULES];
const { buildCorpus, writeCorpus } = await import("./lib/corpus.mjs");
const work = mkdtempSync(join(tmpdir(), "tollgate-breakdown-"));
const corpus = buildCorpus({
  generated: Number(opts.generated),
  seed: Number(opts.seed),
  anchorsDir: opts.anchors,
});
writeCorpus(corpus.objects, join(work, "corpus"));

log(`tollgate eval, stage by stage on one thread: ${corpus.objects.length} objects, ${rules.length} rules`);
log(`  import engines, loader and both libraries: ${fmt(importMs)} ms`);

const [documents, loadMs] = await time(async () => {
  const out = [];
  for await (const item of modules.loader.loadManifests([join(work, "corpus")]))
    if (item.type === "document") out.push(item);
  return out;
});
log(
  `  read the manifests (manifest-loader, YAML): ${fmt(loadMs)} ms = ${fmt((documents.length / loadMs) * 1000)} objects/s`,
);

for (const name of opts.engines.split(",")) {
  const create =
    name === "cel"
      ? () => modules.engines.createCelEngine({ rules })
      : name === "oracle"
        ? () => modules.engines.createOracleEngine({ rules })
        : () => modules.engines.createRegoEngine({ rules });
  let coldMs;
  if (name === "rego") {
    const saved = process.env["TOLLGATE_WASM_CACHE_DIR"];
    process.env["TOLLGATE_WASM_CACHE_DIR"] = join(work, "cold-wasm-cache");
    [, coldMs] = await time(create);
    if (saved === undefined) delete process.env["TOLLGATE_WASM_CACHE_DIR"];
    else process.env["TOLLGATE_WASM_CACHE_DIR"] = saved;
  }
  const [engine, setupMs] = await time(create);
  const [results, evalMs] = await time(() => {
    const out = [];
    for (const d of documents) {
      const meta = d.object.metadata ?? {};
      const resource = {
        apiVersion: d.object.apiVersion,
        kind: d.object.kind,
        namespace: meta.namespace ?? "",
        name: meta.name ?? "",
        file: d.file,
        document: d.index,
      };
      for (const r of engine.evaluate(d.object))
        out.push({ resource, rule: r.rule, engine: name, verdict: r.verdict, messages: r.messages });
    }
    return out;
  });
  const [text, jsonMs] = await time(() => JSON.stringify({ results, errors: [] }, null, 2));
  log(
    `  ${name}: engine set-up ${fmt(setupMs)} ms${coldMs !== undefined ? ` (with an empty wasm cache, running opa build: ${fmt(coldMs)} ms)` : ""}; evaluation ${fmt(evalMs)} ms = ${fmt((documents.length / evalMs) * 1000)} objects/s (first pass); JSON report ${fmt(jsonMs)} ms, ${fmt(text.length / 1e6, 1)} MB for ${fmt(results.length)} results`,
  );
}
rmSync(work, { recursive: true, force: true });
