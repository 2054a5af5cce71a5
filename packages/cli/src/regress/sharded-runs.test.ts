import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedPath } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyString } from "./resource-key.js";
import type { ShardResults } from "./shard-results.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, "../../bin/tollgate.js");
const repoRoot = resolve(here, "../../../..");

function tollgate(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A corpus of real and generated resources: the Gatekeeper anchors (read in place) and 2 objects of every generated kind.
const CORPUS = ["--generated", "7:2", sharedPath("anchors", "gatekeeper-library")];
const N = 3;

describe("regress across shards and worker threads", () => {
  let dir: string;
  let base: string[];
  let whole: { code: number | null; stdout: string };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tollgate-shards-"));
    const baseline = join(dir, "baseline.yaml");
    const up = tollgate(["regress", "--update", "--workers", "0", "--baseline", baseline, ...CORPUS]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    // A policy change, so that the runs below have flips in every direction to agree on.
    // The anchors run `nginx` (untagged) and `openpolicyagent/opa:0.9.2`: allow the first registry, refuse the second tag.
    writeFileSync(
      join(dir, "params.yaml"),
      'k8sallowedrepos: {repos: ["nginx"]}\nk8sdisallowedtags: {tags: ["latest", "0.9.2"]}\n',
    );
    base = ["regress", "-o", "json", "--baseline", baseline, "--params", join(dir, "params.yaml")];
    whole = tollgate([...base, "--workers", "0", "--results", join(dir, "whole.json"), ...CORPUS]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds flips in the unsharded single-thread run", () => {
    expect(whole.code).toBe(1);
    const report = JSON.parse(whole.stdout) as { summary: Record<string, number> };
    expect(report.summary["newlyAllowed"]).toBeGreaterThan(0);
    expect(report.summary["newlyDenied"]).toBeGreaterThan(0);
    expect(report.summary["resources"]).toBeGreaterThan(168 + 19 * 2 - 1);
  });

  it("splits the corpus into disjoint shards whose union is the whole, and --merge gives the unsharded result", () => {
    const files = Array.from({ length: N }, (_, i) => join(dir, `shard-${i + 1}.json`));
    for (const [i, file] of files.entries()) {
      const r = tollgate([
        ...base,
        "--workers",
        "0",
        "--shard",
        `${i + 1}/${N}`,
        "--results",
        file,
        ...CORPUS,
      ]);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    }
    const keys = (file: string) =>
      (JSON.parse(readFileSync(file, "utf8")) as ShardResults).records.map((r) => keyString(r.key));
    const all = keys(join(dir, "whole.json"));
    const parts = files.map(keys);
    for (const p of parts) expect(p.length).toBeGreaterThan(all.length / N / 2);
    const union = parts.flat();
    expect(union.length).toBe(all.length);
    expect(new Set(union).size).toBe(union.length);
    expect(new Set(union)).toEqual(new Set(all));

    const merged = tollgate([
      "regress",
      "--merge",
      "-o",
      "json",
      "--baseline",
      join(dir, "baseline.yaml"),
      ...files,
    ]);
    expect(merged.code).toBe(whole.code);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
    const text = tollgate(["regress", "--merge", "--baseline", join(dir, "baseline.yaml"), ...files]);
    expect(text.stdout).toMatch(/, 3 shards merged;/);

    // --merge --update writes the baseline an unsharded --update would.
    const [viaMerge, viaRun] = [join(dir, "via-merge.yaml"), join(dir, "via-run.yaml")];
    for (const f of [viaMerge, viaRun]) copyFileSync(join(dir, "baseline.yaml"), f);
    expect(tollgate(["regress", "--merge", "--update", "--baseline", viaMerge, ...files]).code).toBe(0);
    expect(
      tollgate([
        ...base.filter((a) => a !== join(dir, "baseline.yaml") && a !== "--baseline"),
        "--update",
        "--workers",
        "0",
        "--baseline",
        viaRun,
        ...CORPUS,
      ]).code,
    ).toBe(0);
    expect(readFileSync(viaMerge, "utf8")).toBe(readFileSync(viaRun, "utf8"));
    expect(readFileSync(viaMerge, "utf8")).not.toBe(readFileSync(join(dir, "baseline.yaml"), "utf8"));
  });

  it("gives the same result with worker threads as in one thread", () => {
    const threaded = tollgate([...base, "--workers", "2", ...CORPUS]);
    expect(threaded.code).toBe(whole.code);
    expect(threaded.stdout).toBe(whole.stdout);
  });
});
