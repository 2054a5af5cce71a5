#!/usr/bin/env node
// Start-up and the inner loop in a team's own policy repository, installed from the packed
// tarballs as a team installs it: `tollgate eval` on a 60-object folder (from the command to the
// last verdict), and `tollgate test --rules ID` right after an edit of that rule. See bench/README.md.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    repeat: { type: "string", default: "5" },
    project: { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    [
      "usage: node bench/team-repository.mjs [--repeat N] [--project DIR] [--keep]",
      "",
      "Packs every workspace, runs 'tollgate init' in a temporary folder and installs the tarballs there",
      "(or uses --project DIR, a repository made that way before), then times, fastest and median of N:",
      "  tollgate eval on a folder of 60 objects, in the team's repository and in this one;",
      "  tollgate test --rules ID just after an edit of the rule (the inner loop of a rule author).",
      "--keep leaves the temporary repository for another run with --project.",
      "",
    ].join("\n"),
  );
  process.exit(0);
}
const repeat = Math.max(1, Number(opts.repeat));

function run(command, args, cwd, env = {}) {
  const started = performance.now();
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - started;
  if (r.error) throw r.error;
  return { ...r, ms };
}

function timed(label, command, args, cwd, expectStatus, before = () => {}) {
  const times = [];
  for (let i = 0; i < repeat; i++) {
    before(i);
    const r = run(command, args, cwd);
    if (r.status !== expectStatus)
      throw new Error(
        `${label}: exit ${r.status}, expected ${expectStatus}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`,
      );
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return { label, fastest: times[0], median: times[Math.floor(times.length / 2)] };
}

let scratch;
let project = opts.project ? resolve(opts.project) : undefined;
if (!project) {
  scratch = mkdtempSync(join(tmpdir(), "tollgate-bench-team-"));
  const packs = join(scratch, "packs");
  mkdirSync(packs);
  const workspaces = [
    ...readdirSync(join(ROOT, "packages")).map((p) => join(ROOT, "packages", p)),
    join(ROOT, "policies-kyverno"),
    join(ROOT, "policies-opa"),
    join(ROOT, "generators"),
  ];
  process.stderr.write(`packing ${workspaces.length} packages ...\n`);
  for (const w of workspaces)
    if (run("npm", ["pack", "--silent", "--pack-destination", packs], w).status !== 0)
      throw new Error(`npm pack ${w} failed`);
  project = join(scratch, "team-policies");
  if (
    run(process.execPath, [join(ROOT, "packages/cli/bin/tollgate.js"), "init", project], scratch).status !== 0
  )
    throw new Error("tollgate init failed");
  process.stderr.write("installing the tarballs ...\n");
  const install = run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      ...readdirSync(packs).map((f) => join(packs, f)),
    ],
    project,
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
}
const tollgate = join(project, "node_modules/.bin/tollgate");
const corpus = join(project, "bench-60");
mkdirSync(corpus, { recursive: true });
writeFileSync(
  join(corpus, "pods.yaml"),
  Array.from(
    { length: 60 },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: shop, labels: {team: shop}}\nspec:\n  containers: [{name: app, image: "registry.example.com/app:1.${i}"}]\n`,
  ).join("---\n"),
);
const ruleFile = join(project, "rules/disallow-host-aliases/rule.ts");
const original = readFileSync(ruleFile, "utf8");

try {
  // Warm the transpile cache and the engines' wasm cache once, as a second run of the day would find them.
  run(tollgate, ["eval", corpus], project);
  const rows = [
    timed("tollgate eval, 60 objects (team repository)", tollgate, ["eval", corpus], project, 0),
    timed(
      "tollgate eval, 60 objects (this repository, 91 rules)",
      process.execPath,
      [join(ROOT, "packages/cli/bin/tollgate.js"), "eval", corpus],
      ROOT,
      1,
    ),
    timed(
      "tollgate test --rules ID after an edit of the rule",
      tollgate,
      ["test", "--rules", "disallow-host-aliases"],
      project,
      0,
      (i) => {
        // A new edit each time: the rule's text changes, so its transpiled form is not cached.
        writeFileSync(
          ruleFile,
          original.replace("Disallow Host Aliases", `Disallow Host Aliases (edit ${i} ${Date.now()})`),
        );
      },
    ),
  ];
  const summary = [
    `project: ${project}`,
    `fastest and median of ${repeat}`,
    ...rows.map(
      (r) =>
        `  ${r.label.padEnd(56)} ${(r.fastest / 1000).toFixed(2).padStart(6)} s  ${(r.median / 1000).toFixed(2).padStart(6)} s`,
    ),
  ];
  process.stdout.write(`${summary.join("\n")}\n`);
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `\`\`\`\n${summary.join("\n")}\n\`\`\`\n`);
} finally {
  writeFileSync(ruleFile, original);
  rmSync(corpus, { recursive: true, force: true });
  if (scratch && !opts.keep) rmSync(scratch, { recursive: true, force: true });
}
