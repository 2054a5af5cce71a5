#!/usr/bin/env node
// Guard for engine optimisations: records every in-process engine's results (verdicts and
// messages) on a seeded corpus plus hostile objects, and on a later run compares against the
// record. Usage: node bench/engine-snapshot.mjs FILE  (writes FILE when absent, else compares).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { createCelEngine, createOracleEngine, createRegoEngine } from "@tollgate/engines";
import { GENERATED_KINDS, manifestArbitrary } from "@tollgate/generators";
import { buildCorpus, defaultAnchorsDir } from "./lib/corpus.mjs";
import { ALL_RULES } from "./lib/in-process.mjs";

const file = process.argv[2];
if (!file || file === "--help" || file === "-h") {
  process.stderr.write(
    "usage: node bench/engine-snapshot.mjs FILE   (writes FILE when absent, else compares with it)\n",
  );
  process.exit(file ? 0 : 2);
}
const corpus = buildCorpus({ generated: 1000, seed: 7, anchorsDir: defaultAnchorsDir() });
const hostile = fc.sample(
  fc.oneof(...GENERATED_KINDS.map((k) => manifestArbitrary(k.kind, { mode: "hostile" }))),
  { seed: 9, numRuns: 600 },
);
const objects = [
  ...corpus.objects.map((o) => o.object),
  ...hostile,
  null,
  1,
  "x",
  [],
  { kind: "Pod", apiVersion: "v1", metadata: null, spec: null },
];
const rules = ALL_RULES;
const out = {};
for (const name of ["oracle", "cel", "rego"]) {
  const engine =
    name === "oracle"
      ? createOracleEngine({ rules })
      : name === "cel"
        ? createCelEngine({ rules })
        : await createRegoEngine({ rules });
  for (const op of ["CREATE", "DELETE"]) {
    out[`${name}/${op}`] = objects.map((o) =>
      engine
        .evaluate(o, op)
        .map((r) => [r.rule, r.verdict, ...r.messages].join("|"))
        .join("\n"),
    );
  }
}
if (!existsSync(file)) {
  writeFileSync(file, JSON.stringify(out));
  process.stdout.write(
    `recorded ${Object.keys(out).length} engine/operation pairs × ${objects.length} objects in ${file}\n`,
  );
} else {
  const before = JSON.parse(readFileSync(file, "utf8"));
  let differences = 0;
  for (const key of Object.keys(out)) {
    for (let i = 0; i < objects.length; i++) {
      if (before[key]?.[i] === out[key][i]) continue;
      if (differences++ < 5)
        process.stdout.write(
          `difference in ${key}, object ${i}:\n--- recorded\n${before[key]?.[i]?.slice(0, 2000)}\n--- now\n${out[key][i].slice(0, 2000)}\n`,
        );
    }
  }
  process.stdout.write(
    `compared ${Object.keys(out).length} engine/operation pairs × ${objects.length} objects: ${differences} differences\n`,
  );
  process.exitCode = differences === 0 ? 0 : 1;
}
