#!/usr/bin/env node
// Benchmark (issue 7 item 6): `tollgate eval` against the real CLIs on one corpus, with the full
// libraries, in one run. Prints objects per second, wall time, peak memory and the ratios, and
// checks that the verdicts are identical per (resource, rule). See bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { requireTool } from "@tollgate/toolchain";
import { gatherArtifacts } from "./lib/artifacts.mjs";
import { buildCorpus, bytesOf, writeCorpus, writeCorpusBlockYaml, defaultAnchorsDir } from "./lib/corpus.mjs";
import { ALL_RULES, inProcessThroughput } from "./lib/in-process.mjs";
import { measure } from "./lib/measure.mjs";
import { gatorFailures, kyvernoVerdicts, pairKey, tollgateVerdicts } from "./lib/verdicts.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOLLGATE = join(ROOT, "packages", "cli", "bin", "tollgate.js");

const { values: opts } = parseArgs({
  options: {
    generated: { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
    anchors: { type: "string", default: defaultAnchorsDir() },
    "kyverno-objects": { type: "string", default: "60" },
    "skip-kyverno": { type: "boolean", default: false },
    "skip-gator": { type: "boolean", default: false },
    "skip-in-process": { type: "boolean", default: false },
    work: { type: "string" },
    keep: { type: "boolean", default: false },
    repeat: { type: "string", default: "3" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    [
      "usage: node bench/eval-vs-clis.mjs [--generated N] [--seed S] [--anchors DIR] [--kyverno-objects N|all]",
      "                                   [--skip-kyverno] [--skip-gator] [--skip-in-process] [--work DIR] [--keep]",
      "                                   [--repeat N]",
      "",
      "Corpus: N seeded generated objects (every generated kind) plus every Kubernetes resource under",
      "the anchors folder. Runs tollgate eval --engine cel against kyverno apply on the same",
      "ValidatingPolicies, and tollgate eval --engine rego against gator test on the same templates and",
      "Constraints; prints objects/s, wall time, peak RSS, ratios, and every verdict difference.",
      "kyverno apply takes about a second per object with the full library, so by default it runs on an",
      "evenly spaced sample of the corpus (--kyverno-objects all for the whole corpus: over an hour).",
      "Throughput per core: each engine and output format on one thread over the corpus once and ten",
      "times over, each run --repeat times (default 3) and the fastest kept (the least disturbed by",
      "other work on the machine).",
      "",
    ].join("\n"),
  );
  process.exit(0);
}

const fmt = (n, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? "-"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line = "") => process.stdout.write(`${line}\n`);

const work = opts.work ? resolve(opts.work) : mkdtempSync(join(tmpdir(), "tollgate-bench-"));
mkdirSync(work, { recursive: true });
const logs = join(work, "logs");
mkdirSync(logs, { recursive: true });

// ---------------------------------------------------------------- corpus and artifacts
let t = performance.now();
const corpus = buildCorpus({
  generated: Number(opts.generated),
  seed: Number(opts.seed),
  anchorsDir: opts.anchors,
});
const corpusDir = join(work, "corpus");
const files = writeCorpus(corpus.objects, corpusDir);
const names = corpus.objects.map((o) => o.name);
const sampleSize =
  opts["kyverno-objects"] === "all"
    ? corpus.objects.length
    : Math.min(Number(opts["kyverno-objects"]), corpus.objects.length);
const stride = corpus.objects.length / sampleSize;
const sample = Array.from({ length: sampleSize }, (_, i) => corpus.objects[Math.floor(i * stride)]);
const blockDir = join(work, "corpus-block-yaml");
const blockFiles = writeCorpusBlockYaml(corpus.objects, blockDir);
const sampleDir = join(work, "kyverno-sample");
writeCorpus(sample, sampleDir);
const artifacts = gatherArtifacts(TOLLGATE, work);
log(`Tollgate benchmark: tollgate eval against the real CLIs (work folder ${work})`);
log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}`);
log(
  `corpus: ${fmt(corpus.objects.length)} objects = ${fmt(corpus.generated)} generated (seed ${opts.seed}, every generated kind) + ${fmt(corpus.anchors)} anchor resources; ${files.length} files, ${fmt(bytesOf(files) / 1e6, 1)} MB (each document in JSON form)`,
);
log(
  `the same corpus in block-style YAML (tollgate only, its YAML reader): ${blockFiles.length} files, ${fmt(bytesOf(blockFiles) / 1e6, 1)} MB`,
);
log(
  `libraries: ${artifacts.rules.length} rules (every rule of policies-kyverno and policies-opa), artifacts from tollgate build in ${fmt(artifacts.buildMs)} ms`,
);
if (artifacts.skipped.length > 0)
  log(
    `  left out (not a ValidatingPolicy with a Gatekeeper template; tollgate eval does not evaluate them): ${artifacts.skipped.join(", ")}`,
  );
const evalIds = new Set(ALL_RULES.map((r) => r.meta.id));
const mismatch = [
  ...artifacts.rules.filter((r) => !evalIds.has(r)),
  ...[...evalIds].filter((r) => !artifacts.rules.includes(r)),
];
if (mismatch.length > 0)
  log(`warning: the artifacts and the rules tollgate eval uses differ: ${mismatch.join(", ")}`);
log(`kyverno sample: ${sample.length} objects (every ${fmt(stride, 1)}th object of the corpus)`);
log(`prepared in ${fmt(performance.now() - t)} ms`);
log();

// ---------------------------------------------------------------- in-process engines
if (!opts["skip-in-process"]) {
  log("In-process engines (@tollgate/engines, full library, one thread; first pass includes JIT warm-up):");
  for (const row of await inProcessThroughput(corpus.objects.map((o) => o.object))) {
    log(
      `  ${row.engine.padEnd(7)} setup ${fmt(row.setupMs).padStart(6)} ms   first pass ${fmt(row.firstObjPerS).padStart(6)} obj/s   warm ${fmt(row.warmObjPerS).padStart(6)} obj/s   (${fmt(row.results)} results per pass)`,
    );
  }
  log();
}

// ---------------------------------------------------------------- runs
const rows = [];
const run = async (label, command, args, name, { objects, env, record = true, discardStdout = false }) => {
  process.stderr.write(`  running: ${label}\n`);
  const r = { label, objects, ...(await measure(command, args, { dir: logs, name, env, discardStdout })) };
  if (record) rows.push(r);
  return r;
};
const tollgateEval = (engine, path, name, { objects, env, record, label } = {}) =>
  run(
    label ?? `tollgate eval --engine ${engine}`,
    process.execPath,
    [TOLLGATE, "eval", "--engine", engine, "-o", "json", path],
    name,
    { objects: objects ?? corpus.objects.length, env, record },
  );

// Start-up of the rego engine: a cold wasm cache runs `opa build`, a warm one reads the cached build.
const one = join(work, "one-object");
writeCorpus(corpus.objects.slice(0, 1), one);
const coldCache = join(work, "wasm-cache-cold");
const oneObject = { objects: 1, record: false };
const coldRego = await tollgateEval("rego", one, "rego-one-cold", {
  ...oneObject,
  env: { TOLLGATE_WASM_CACHE_DIR: coldCache },
});
const warmRego = await tollgateEval("rego", one, "rego-one-warm", {
  ...oneObject,
  env: { TOLLGATE_WASM_CACHE_DIR: coldCache },
});
const celOne = await tollgateEval("cel", one, "cel-one", oneObject);

const celRun = await tollgateEval("cel", corpusDir, "tollgate-cel");
const regoRun = await tollgateEval("rego", corpusDir, "tollgate-rego");
// Throughput per core past start-up: every engine and output format on one thread (--workers 0)
// over the corpus once and ten times over (each copy in its own folder); the difference of the
// two runs is nine corpora of objects with start-up and warm-up taken out. Then every core
// (--workers auto) on the tenfold corpus. Reports go to /dev/null (1.2 GB of JSON per run).
const tenfold = join(work, "corpus-x10");
for (let i = 0; i < 10; i++) writeCorpus(corpus.objects, join(tenfold, `copy-${i}`));
const steady = [];
const scaling = [];
const evalArgs = (engine, workers, format, path) => [
  TOLLGATE,
  "eval",
  "--engine",
  engine,
  "--workers",
  workers,
  "-o",
  format,
  path,
];
for (const engine of ["oracle", "cel", "rego"]) {
  for (const format of ["table", "json"]) {
    const fastest = async (label, path, name, objects) => {
      let best;
      for (let i = 0; i < Number(opts.repeat); i++) {
        const r = await run(label, process.execPath, evalArgs(engine, "0", format, path), name, {
          objects,
          record: false,
          discardStdout: true,
        });
        if (!best || r.wallMs < best.wallMs) best = r;
      }
      return best;
    };
    const once = await fastest(
      `tollgate eval --engine ${engine} -o ${format} --workers 0`,
      corpusDir,
      `steady-${engine}-${format}-x1`,
      corpus.objects.length,
    );
    const tenTimes = await fastest(
      `tollgate eval --engine ${engine} -o ${format} --workers 0 (corpus x10)`,
      tenfold,
      `steady-${engine}-${format}-x10`,
      corpus.objects.length * 10,
    );
    steady.push({ engine, format, once, tenTimes });
  }
  const all = await run(
    `tollgate eval --engine ${engine} -o json --workers auto (corpus x10)`,
    process.execPath,
    evalArgs(engine, "auto", "json", tenfold),
    `scaling-${engine}`,
    { objects: corpus.objects.length * 10, record: false, discardStdout: true },
  );
  scaling.push({ engine, run: all });
}
const celBlockRun = await tollgateEval("cel", blockDir, "tollgate-cel-block", {
  label: "tollgate eval --engine cel (block YAML)",
});
const regoBlockRun = await tollgateEval("rego", blockDir, "tollgate-rego-block", {
  label: "tollgate eval --engine rego (block YAML)",
});
const celSampleRun = opts["skip-kyverno"]
  ? undefined
  : await tollgateEval("cel", sampleDir, "tollgate-cel-sample", {
      objects: sample.length,
      label: "tollgate eval --engine cel (kyverno sample)",
    });

let kyvernoRun;
if (!opts["skip-kyverno"]) {
  const kyverno = await requireTool("kyverno");
  kyvernoRun = await run(
    "kyverno apply (kyverno sample)",
    kyverno,
    ["apply", artifacts.kyverno, "--resource", sampleDir, "-p", "--output-format", "json", "--remove-color"],
    "kyverno",
    { objects: sample.length },
  );
}
let gatorRun;
if (!opts["skip-gator"]) {
  const gator = await requireTool("gator");
  gatorRun = await run(
    "gator test",
    gator,
    ["test", "-f", artifacts.templates, "-f", artifacts.constraints, "-f", corpusDir, "-o", "json"],
    "gator",
    { objects: corpus.objects.length },
  );
}

// ---------------------------------------------------------------- verdicts
const cel = tollgateVerdicts(celRun.stdout);
const rego = tollgateVerdicts(regoRun.stdout);
const comparisons = [];
const compare = (title, keys, ours, theirs, equal) => {
  const diffs = [];
  for (const key of keys) {
    const a = ours(key);
    const b = theirs(key);
    if (!equal(a, b)) diffs.push({ key, a, b });
  }
  comparisons.push({ title, pairs: keys.length, diffs });
};
{
  // The two forms of the corpus hold the same data: every verdict must be the same.
  const keys = names.flatMap((n) => artifacts.rules.map((rule) => pairKey(n, rule)));
  for (const [label, a, b] of [
    ["cel", cel, tollgateVerdicts(celBlockRun.stdout)],
    ["rego", rego, tollgateVerdicts(regoBlockRun.stdout)],
  ]) {
    compare(
      `tollgate eval --engine ${label}: JSON form vs block YAML`,
      keys,
      (k) => a.verdicts.get(k) ?? "missing",
      (k) => b.verdicts.get(k) ?? "missing",
      (x, y) => x === y,
    );
  }
}
if (kyvernoRun) {
  const ky = kyvernoVerdicts(kyvernoRun.stdout);
  const keys = sample.flatMap((o) => artifacts.rules.map((rule) => pairKey(o.name, rule)));
  compare(
    "tollgate eval --engine cel vs kyverno apply (sample)",
    keys,
    (k) => cel.verdicts.get(k) ?? "missing",
    (k) => ky.verdicts.get(k) ?? "skip",
    (a, b) => a === b,
  );
}
if (gatorRun) {
  const g = await gatorFailures(gatorRun.stdout, artifacts.ruleOfKind);
  if (g.unknown > 0) log(`warning: ${g.unknown} gator violations name an unknown Constraint kind or object`);
  const keys = names.flatMap((n) => artifacts.rules.map((rule) => pairKey(n, rule)));
  // gator reports violations only: a pass and a skip both read as "no violation".
  const asGator = (v) => (v === "pass" || v === "skip" ? "no violation" : v === "fail" ? "violation" : v);
  compare(
    "tollgate eval --engine rego vs gator test",
    keys,
    (k) => asGator(rego.verdicts.get(k) ?? "missing"),
    (k) => (g.failing.has(k) ? "violation" : "no violation"),
    (a, b) => a === b,
  );
}

// ---------------------------------------------------------------- report
log("Command-line runs (as users run them; wall time includes start-up; peak = max RSS):");
log(
  `  ${"run".padEnd(44)} ${"objects".padStart(7)} ${"wall s".padStart(8)} ${"obj/s".padStart(8)} ${"peak MB".padStart(8)}  exit`,
);
for (const r of rows) {
  log(
    `  ${r.label.padEnd(44)} ${fmt(r.objects).padStart(7)} ${fmt(r.wallMs / 1000, 2).padStart(8)} ${fmt((r.objects / r.wallMs) * 1000).padStart(8)} ${fmt(r.peakRssMb).padStart(8)}  ${r.code}`,
  );
}
log(`  (peak memory from ${rows[0]?.rssSource}; exit 1 = some rule failed, as expected on this corpus)`);
log();
log("Start-up (one object):");
log(
  `  tollgate eval --engine rego, cold wasm cache (runs opa build): ${fmt(coldRego.wallMs)} ms; warm cache: ${fmt(warmRego.wallMs)} ms`,
);
log(`  tollgate eval --engine cel: ${fmt(celOne.wallMs)} ms`);
log();

const perS = (r) => (r.objects / r.wallMs) * 1000;
const ratios = [];
if (kyvernoRun && celSampleRun) {
  ratios.push([
    "cel throughput: tollgate (full corpus) / kyverno apply (sample)",
    perS(celRun) / perS(kyvernoRun),
    100,
  ]);
  ratios.push([
    "cel same input: kyverno wall / tollgate wall (sample)",
    kyvernoRun.wallMs / celSampleRun.wallMs,
    undefined,
  ]);
}
if (gatorRun)
  ratios.push(["rego same input: tollgate / gator test (full corpus)", perS(regoRun) / perS(gatorRun), 20]);
log("Ratios (objects per second, tollgate / CLI):");
for (const [label, value, target] of ratios)
  log(
    `  ${label.padEnd(64)} ${fmt(value, 1).padStart(8)}x${target ? `   target ≥ ${target}x: ${value >= target ? "met" : "NOT met"}` : ""}`,
  );
log();

const cores = cpus().length;
const extra = corpus.objects.length * 9;
const steadyRate = (s) => (extra / (s.tenTimes.wallMs - s.once.wallMs)) * 1000;
const cpuRate = (s) =>
  s.tenTimes.cpuMs === undefined || s.once.cpuMs === undefined
    ? undefined
    : (extra / (s.tenTimes.cpuMs - s.once.cpuMs)) * 1000;
log(
  `Throughput per core past start-up: one thread (--workers 0), the corpus once and ten times over; the figures are of the`,
);
log(
  `difference, ${fmt(extra)} objects (start-up and warm-up taken out); fastest of ${opts.repeat} runs each. CPU = user + system time.`,
);
log(
  `  ${"engine".padEnd(7)} ${"output".padEnd(7)} ${"wall x1".padStart(8)} ${"wall x10".padStart(9)} ${"obj/s".padStart(7)} ${"obj/CPU-s".padStart(10)} ${"peak MB".padStart(8)}  target ≥ 5,000 per core`,
);
for (const s of steady) {
  const rate = steadyRate(s);
  const perCpu = cpuRate(s);
  log(
    `  ${s.engine.padEnd(7)} ${s.format.padEnd(7)} ${fmt(s.once.wallMs / 1000, 2).padStart(8)} ${fmt(s.tenTimes.wallMs / 1000, 2).padStart(9)} ${fmt(rate).padStart(7)} ${(perCpu === undefined ? "n/a" : fmt(perCpu)).padStart(10)} ${fmt(s.tenTimes.peakRssMb).padStart(8)}  ${rate >= 5000 ? "met" : "NOT met"}`,
  );
}
log(`Every core (--workers auto, ${cores} cores, corpus x10 with start-up, -o json):`);
for (const s of scaling) {
  const rate = perS(s.run);
  log(
    `  --engine ${s.engine.padEnd(6)} ${fmt(s.run.wallMs / 1000, 1).padStart(6)} s  ${fmt(rate).padStart(6)} obj/s = ${fmt(rate / cores)} per core; peak ${fmt(s.run.peakRssMb)} MB`,
  );
}
log();
log("Targets (issue 7):");
for (const r of [celRun, regoRun, celBlockRun, regoBlockRun]) {
  const label =
    r === celRun
      ? "cel "
      : r === regoRun
        ? "rego"
        : r === celBlockRun
          ? "cel  (block YAML)"
          : "rego (block YAML)";
  log(
    `  tollgate eval --engine ${label} (${fmt(r.objects)} objects, start-up included): ${fmt(perS(r))} obj/s; peak ${fmt(r.peakRssMb)} MB (target < 500: ${(r.peakRssMb ?? Infinity) < 500 ? "met" : "NOT met"})`,
  );
}
for (const s of steady.filter((x) => x.engine === "oracle")) {
  log(
    `  5,000 objects/s per core, full library, default engine (oracle), -o ${s.format}: ${fmt(steadyRate(s))} obj/s on one core past start-up: ${steadyRate(s) >= 5000 ? "met" : "NOT met"}`,
  );
}
log();

log("Verdicts per (resource, rule):");
let totalDiffs = 0;
for (const c of comparisons) {
  totalDiffs += c.diffs.length;
  log(`  ${c.title}: ${fmt(c.pairs)} pairs compared, ${fmt(c.diffs.length)} differences`);
  for (const d of c.diffs.slice(0, 8)) {
    const [name, rule] = d.key.split("\u0000");
    const source = corpus.objects.find((o) => o.name === name)?.source ?? "?";
    log(`    ${name} (${source}) ${rule}: tollgate=${d.a} cli=${d.b}`);
  }
}
for (const [label, v] of [
  ["cel", cel],
  ["rego", rego],
])
  if (v.errors > 0)
    log(
      `  tollgate eval --engine ${label} reported ${v.errors} input errors, e.g. ${JSON.stringify(v.firstErrors)}`,
    );
writeFileSync(
  join(work, "differences.json"),
  JSON.stringify(
    comparisons.map((c) => ({
      title: c.title,
      pairs: c.pairs,
      differences: c.diffs.map((d) => ({
        resource: d.key.split("\u0000")[0],
        rule: d.key.split("\u0000")[1],
        tollgate: d.a,
        cli: d.b,
      })),
    })),
    null,
    1,
  ),
);
log(
  totalDiffs === 0
    ? "  verdicts identical"
    : `  ${totalDiffs} differences in all (every one listed in ${join(work, "differences.json")})`,
);

if (!opts.keep && !opts.work) rmSync(work, { recursive: true, force: true });
else log(`\noutputs kept in ${work}`);
process.exitCode = totalDiffs === 0 ? 0 : 1;
