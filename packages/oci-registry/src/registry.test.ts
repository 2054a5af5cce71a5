import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { startRegistry, withRegistry } from "./registry.js";

describe("startRegistry", () => {
  it("serves an artifact pushed and pulled with the real oras", async () => {
    const oras = await requireTool("oras");
    const work = mkdtempSync(join(tmpdir(), "tollgate-oras-"));
    try {
      await withRegistry(async (registry) => {
        const payload = `tollgate ${Date.now()}\n`;
        writeFileSync(join(work, "hello.txt"), payload);
        const ref = `${registry.host}/tollgate/smoke:v1`;
        const push = await runCommand(
          oras,
          [
            "push",
            "--plain-http",
            "--artifact-type",
            "application/vnd.tollgate.test",
            ref,
            "hello.txt:text/plain",
          ],
          { cwd: work },
        );
        expect(push.code, push.stderr).toBe(0);
        const out = join(work, "pulled");
        const pull = await runCommand(oras, ["pull", "--plain-http", "-o", out, ref]);
        expect(pull.code, pull.stderr).toBe(0);
        expect(readFileSync(join(out, "hello.txt"), "utf8")).toBe(payload);
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("stops the registry and removes its storage even when the work throws", async () => {
    let seen: { url: string; storageDir: string } | undefined;
    await expect(
      withRegistry(async (registry) => {
        seen = { url: registry.url, storageDir: registry.storageDir };
        const res = await fetch(`${registry.url}/v2/`);
        expect(res.status).toBe(200);
        throw new Error("test failure inside the registry block");
      }),
    ).rejects.toThrow("test failure inside the registry block");
    expect(seen).toBeDefined();
    await expect(fetch(`${seen!.url}/v2/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(() => readFileSync(join(seen!.storageDir, "config.yml"))).toThrow();
  });

  it("gives two registries two different ports", async () => {
    const a = await startRegistry();
    const b = await startRegistry();
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await a.stop();
      await b.stop();
      await a.stop();
    }
  });
});
