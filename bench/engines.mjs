#!/usr/bin/env node
// Quick benchmark of the in-process engines alone (no CLI, no real tools): the benchmark corpus
// through the full libraries on this thread. See bench/README.md.
import { parseArgs } from "node:util";
import { buildCorpus, defaultAnchorsDir } from "./lib/corpus.mjs";
import { inProcessThroughput } from "./lib/in-process.mjs";

const { values: opts } = parseArgs({
  options: {
    generated: { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
    anchors: { type: "string", default: defaultAnchorsDir() },
    engines: { type: "string", default: "oracle,oracle-interpreted,cel,cel-js,rego" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    "usage: node bench/engines.mjs [--generated N] [--seed S] [--anchors DIR] [--engines oracle,oracle-interpreted,cel,cel-js,rego]\n\nThe in-process engines alone over the benchmark corpus, one thread: set-up, first pass and warm objects/s.\n",
  );
  process.exit(0);
}
const corpus = buildCorpus({
  generated: Number(opts.generated),
  seed: Number(opts.seed),
  anchorsDir: opts.anchors,
});
// Objects as a loader gives them: parsed from JSON text.
const objects = corpus.objects.map((o) => JSON.parse(JSON.stringify(o.object)));
process.stdout.write(
  `${objects.length} objects (${corpus.generated} generated, ${corpus.anchors} anchors), full libraries, one thread\n`,
);
const fmt = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
for (const row of await inProcessThroughput(objects, opts.engines.split(","))) {
  process.stdout.write(
    `  ${row.engine.padEnd(18)} setup ${fmt(row.setupMs).padStart(6)} ms   first pass ${fmt(row.firstObjPerS).padStart(6)} obj/s   warm ${fmt(row.warmObjPerS).padStart(6)} obj/s\n`,
  );
}
