import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedPath } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, "../../bin/tollgate.js");
const repoRoot = resolve(here, "../../../..");

function tollgate(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("eval across shards and worker threads", () => {
  const folder = sharedPath("anchors", "gatekeeper-library");
  interface Row {
    resource: { file: string; document: number; item?: number };
    rule: string;
  }
  it("gives identical output with worker threads, and shards that partition the results", () => {
    const single = tollgate(["eval", "-o", "json", "--workers", "0", folder]);
    const threaded = tollgate(["eval", "-o", "json", "--workers", "2", folder]);
    expect(single.code).toBe(1);
    expect(threaded.code).toBe(single.code);
    expect(threaded.stdout).toBe(single.stdout);
    const rows = (out: string) => (JSON.parse(out) as { results: Row[] }).results.map((r) => JSON.stringify(r));
    const all = rows(single.stdout);
    const shards = [1, 2].map((i) => rows(tollgate(["eval", "-o", "json", "--shard", `${i}/2`, folder]).stdout));
    const docs = (list: string[]) => new Set(list.map((s) => { const r = JSON.parse(s) as Row; return `${r.resource.file}#${r.resource.document}`; }));
    expect(shards[0]!.length).toBeGreaterThan(0);
    expect(shards[1]!.length).toBeGreaterThan(0);
    expect([...docs(shards[0]!)].filter((d) => docs(shards[1]!).has(d))).toEqual([]);
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual([...all].sort());
  });
});
