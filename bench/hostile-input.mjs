#!/usr/bin/env node
// How long the manifest loader takes to refuse hostile input: a 50 MB document, a billion laughs,
// nesting a million levels deep. The tests check what the loader does with each; this script
// measures how fast, and never fails for being slow. See bench/README.md.
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadManifests, parseManifests } from "@tollgate/manifest-loader";

const { values: opts } = parseArgs({
  options: {
    repeat: { type: "string", default: "3" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    "usage: node bench/hostile-input.mjs [--repeat N]\n\nTime the manifest loader takes to refuse hostile documents (fastest of N runs each), and what it reported.\n",
  );
  process.exit(0);
}
const repeat = Math.max(1, Number(opts.repeat));
const good = "apiVersion: v1\nkind: ConfigMap\n";

/** Runs `work` `repeat` times; returns the fastest time in ms and the last result. */
async function fastest(work) {
  let best = Infinity;
  let result;
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    result = await work();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, result };
}

const kinds = (items) => items.map((i) => i.type).join(",");
const rows = [];

const dir = mkdtempSync(join(tmpdir(), "tollgate-bench-hostile-"));
try {
  const huge = join(dir, "huge.yaml");
  writeFileSync(
    huge,
    Buffer.concat([
      Buffer.from(`${good}data:\n  big: "`),
      Buffer.alloc(50 * 1024 * 1024, "x"),
      Buffer.from(`"\n---\n${good}`),
    ]),
  );
  rows.push([
    "50 MB document, then a good one (from a file)",
    await fastest(async () => {
      const items = [];
      for await (const item of loadManifests([huge])) items.push(item);
      return kinds(items);
    }),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let level = 1; level < 9; level++) {
  const name = String.fromCharCode(97 + level);
  laughs.push(
    `${name}: &${name} [${Array(9)
      .fill(`*${String.fromCharCode(96 + level)}`)
      .join(",")}]`,
  );
}
rows.push([
  "billion laughs, then a good document",
  await fastest(() => kinds(parseManifests(`${good}${laughs.join("\n")}\n---\n${good}`, "lol.yaml"))),
]);
for (const [style, deep] of [
  ["flow sequences", (n) => `x: ${"[".repeat(n)}${"]".repeat(n)}\n`],
  ["flow mappings", (n) => `x: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`],
  ["block sequences", (n) => `x:\n${"- ".repeat(n)}1\n`],
]) {
  rows.push([
    `nesting 1,000,000 deep (${style})`,
    await fastest(() =>
      kinds(
        parseManifests(`${good}${deep(1_000_000)}---\n${good}`, "deep.yaml", {
          maxDocumentBytes: 10_000_000,
        }),
      ),
    ),
  ]);
}

process.stdout.write(`fastest of ${repeat}\n`);
for (const [what, { ms, result }] of rows)
  process.stdout.write(`  ${what.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms   items: ${result}\n`);
