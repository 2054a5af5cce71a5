import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { afterAll, describe, expect, it } from "vitest";
import { buildOpaWasmBundle } from "./opa-wasm-build.js";

const MODULE = "package t\n\ndeny contains m if {\n  input.x == 1\n  m := data.t.message\n}\n";
const SOURCES = {
  files: { "t/policy.rego": MODULE, "data.json": JSON.stringify({ t: { message: "x is 1" } }) },
  entrypoints: ["t/deny"],
};

describe("opa build -t wasm", () => {
  const dirs: string[] = [];
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), "tollgate-opa-wasm-build-test-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("gives the same archive wherever it builds, with paths relative to the bundle", async () => {
    const opa = await requireTool("opa");
    const [a, b] = [
      await buildOpaWasmBundle(opa, folder(), SOURCES),
      await buildOpaWasmBundle(opa, folder(), SOURCES),
    ];
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const listing = await runCommand("tar", ["-tzf", a]);
    expect(listing.stdout.split("\n").filter(Boolean).sort()).toEqual([
      "/.manifest",
      "/data.json",
      "/policy.wasm",
      "/t/policy.rego",
    ]);
  }, 120_000);

  it("names opa's complaint when the build fails", async () => {
    const opa = await requireTool("opa");
    await expect(
      buildOpaWasmBundle(opa, folder(), {
        ...SOURCES,
        files: { "t/policy.rego": "package t\n\ndeny contains m if {" },
      }),
    ).rejects.toThrow(/^opa build -t wasm failed:\n/);
  }, 120_000);
});
