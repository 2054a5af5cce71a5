import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedPath } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";

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
    // SARIF too is rendered in the worker threads, byte for byte as in one thread.
    const sarif = ["eval", "-o", "sarif", folder];
    expect(tollgate([...sarif, "--workers", "2"]).stdout).toBe(tollgate([...sarif, "--workers", "0"]).stdout);
    // And the table, plain and verbose (its summary line counts what the threads rendered).
    for (const table of [
      ["eval", folder],
      ["eval", "-v", folder],
    ]) {
      const one = tollgate([...table, "--workers", "0"]).stdout;
      expect(one).toMatch(/\d+ resources, \d+ checks: [1-9]\d* failed/);
      expect(tollgate([...table, "--workers", "2"]).stdout).toBe(one);
    }
    const rows = (out: string) =>
      (JSON.parse(out) as { results: Row[] }).results.map((r) => JSON.stringify(r));
    const all = rows(single.stdout);
    const shards = [1, 2].map((i) =>
      rows(tollgate(["eval", "-o", "json", "--shard", `${i}/2`, folder]).stdout),
    );
    const docs = (list: string[]) =>
      new Set(
        list.map((s) => {
          const r = JSON.parse(s) as Row;
          return `${r.resource.file}#${r.resource.document}`;
        }),
      );
    expect(shards[0]!.length).toBeGreaterThan(0);
    expect(shards[1]!.length).toBeGreaterThan(0);
    expect([...docs(shards[0]!)].filter((d) => docs(shards[1]!).has(d))).toEqual([]);
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual([...all].sort());
    // The same split with the files read and parsed in worker threads.
    const threadedShards = [1, 2].map((i) =>
      rows(tollgate(["eval", "-o", "json", "--workers", "2", "--shard", `${i}/2`, folder]).stdout),
    );
    expect(threadedShards).toEqual(shards);
  });

  it("reports unusable files read by worker threads as the calling thread does, and evaluates the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "tollgate-workers-"));
    try {
      const pod = (name: string, extra = "") =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27${extra}\n`;
      for (let i = 0; i < 12; i++)
        writeFileSync(
          join(dir, `f${String(i).padStart(2, "0")}.yaml`),
          i === 5
            ? `${pod("a")}---\nkind: [unclosed\n---\n${pod("b")}`
            : i === 8
              ? Buffer.from([0xff, 0xfe, 0x00, 0x41])
              : pod(`p${i}`),
        );
      const single = tollgate(["eval", "-o", "json", "--workers", "0", dir]);
      const threaded = tollgate(["eval", "-o", "json", "--workers", "2", dir]);
      expect(single.code).toBe(2);
      expect(threaded.code).toBe(2);
      expect(threaded.stdout).toBe(single.stdout);
      const report = JSON.parse(threaded.stdout) as {
        results: Row[];
        errors: { file: string; document?: number }[];
      };
      expect(report.errors.map((e) => [e.file.split("/").pop(), e.document])).toEqual([
        ["f05.yaml", 1],
        ["f08.yaml", undefined],
      ]);
      expect(new Set(report.results.map((r) => r.resource.file.split("/").pop())).size).toBe(11);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
