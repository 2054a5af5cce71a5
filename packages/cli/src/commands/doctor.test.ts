import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { requireTool, TOOLS } from "@tollgate/toolchain";
import { beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "./doctor.js";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../bin/tollgate.js", import.meta.url));

describe("tollgate doctor", () => {
  beforeAll(async () => {
    for (const t of TOOLS) await requireTool(t.name);
  });

  it("lists every pinned tool with its version and path, and exits 0 when all are present", async () => {
    const report = await runDoctor();
    expect(report.exitCode).toBe(0);
    expect(report.tools).toHaveLength(TOOLS.length);
    for (const status of report.tools) {
      expect(status.present, status.spec.name).toBe(true);
      const line = report.lines.find((l) => l.trimStart().startsWith(status.spec.name));
      expect(line).toContain(status.spec.version);
      expect(line).toContain("ok");
    }
  });

  it("exits 1 and prints how to install a tool that is missing", async () => {
    const env = { ...process.env, TOLLGATE_TOOLS_DIR: "/nonexistent/tollgate-tools", PATH: "/usr/bin:/bin" };
    const r = await run(process.execPath, [bin, "doctor"], { env }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect("code" in r ? r.code : 0).toBe(1);
    expect(r.stdout).toMatch(/opa\s+v1\.22\.3\s+MISSING/);
    expect(r.stdout).toContain(
      'go install -tags opa_wasm -ldflags="-s -w" github.com/open-policy-agent/opa@v1.22.3',
    );
  });

  it("is reachable through the installed bin with --help", async () => {
    const r = await run(process.execPath, [bin, "--help"]);
    expect(r.stdout).toContain("doctor");
  });
});
