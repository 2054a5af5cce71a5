#!/usr/bin/env node
// Benchmark: how fast the release viewer's page opens from disk in Chromium, for a real release
// of both libraries (every rule, every file). Measured here, never asserted in a test. See
// bench/README.md.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { requireTool } from "@tollgate/toolchain";
import { chromium } from "playwright-core";

const { values: opts } = parseArgs({
  options: {
    release: { type: "string" },
    runs: { type: "string", default: "5" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    [
      "usage: node bench/viewer.mjs [--release DIR] [--runs N]",
      "",
      "Writes the viewer's page for a release (DIR, else a fresh 'tollgate release --skip-tests' of",
      "both libraries, signed with the development key) with 'tollgate view --out', then opens it",
      "from disk in headless Chromium N times and prints the time to the load event and to the",
      "first contentful paint, with the page's size.",
      "",
    ].join("\n"),
  );
  process.exit(0);
}

const cli = resolve("packages/cli/bin/tollgate.js");
const work = mkdtempSync(join(tmpdir(), "tollgate-bench-viewer-"));
try {
  let release = opts.release;
  if (!release) {
    process.stderr.write("building a release of both libraries (tollgate release --skip-tests) ...\n");
    execFileSync(process.execPath, [cli, "release", "--skip-tests", "--out", join(work, "out")], {
      stdio: "ignore",
    });
    release = join(work, "out", "tollgate-0.1.0");
  }
  const site = join(work, "site");
  let t = performance.now();
  execFileSync(process.execPath, [cli, "view", release, "--out", site], { stdio: "ignore" });
  const viewMs = performance.now() - t;
  const page = join(site, "index.html");
  const browser = await chromium.launch({ executablePath: await requireTool("chromium") });
  const loads = [];
  const paints = [];
  try {
    for (let i = 0; i < Number(opts.runs); i += 1) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      t = performance.now();
      await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
      loads.push(performance.now() - t);
      paints.push(
        await tab.evaluate(
          "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.timing.loadEventEnd - performance.timing.navigationStart",
        ),
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    [
      `release: ${release}`,
      `tollgate view --out (verify the release, then write the page): ${(viewMs / 1000).toFixed(2)} s`,
      `page: ${(statSync(page).size / 1024).toFixed(0)} KiB, one file, no script`,
      `open from disk in Chromium, median of ${loads.length}: load event ${median(loads).toFixed(0)} ms, first contentful paint ${Number(median(paints)).toFixed(0)} ms`,
      "",
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
