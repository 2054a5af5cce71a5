import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../require-tool.js";
import { runCommand } from "../run-command.js";

const POLICY = `package smoke

deny contains msg if {
  some c in input.spec.containers
  endswith(c.image, ":latest")
  msg := concat("", ["container ", c.name, " uses the latest tag"])
}
`;

describe("opa smoke: opa build -t wasm, then @open-policy-agent/opa-wasm", () => {
  let work: string;
  let opa: string;
  beforeAll(async () => {
    opa = await requireTool("opa");
    work = mkdtempSync(join(tmpdir(), "tollgate-opa-smoke-"));
    writeFileSync(join(work, "policy.rego"), POLICY);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("compiles a one-rule policy to wasm and evaluates it in process", async () => {
    const build = await runCommand(
      opa,
      ["build", "-t", "wasm", "-e", "smoke/deny", "-o", "bundle.tar.gz", "policy.rego"],
      {
        cwd: work,
      },
    );
    expect(build.code, build.stderr).toBe(0);
    const untar = await runCommand("tar", ["-xzf", "bundle.tar.gz", "/policy.wasm"], { cwd: work });
    expect(untar.code, untar.stderr).toBe(0);
    const policy = await loadPolicy(readFileSync(join(work, "policy.wasm")));
    const denied = policy.evaluate({ spec: { containers: [{ name: "web", image: "nginx:latest" }] } });
    expect(denied).toEqual([{ result: ["container web uses the latest tag"] }]);
    const allowed = policy.evaluate({ spec: { containers: [{ name: "web", image: "nginx:1.27" }] } });
    expect(allowed).toEqual([{ result: [] }]);
  });

  it("gives the same answer from the opa CLI", async () => {
    const input = JSON.stringify({ spec: { containers: [{ name: "web", image: "nginx:latest" }] } });
    const r = await runCommand(
      opa,
      ["eval", "--format", "json", "--stdin-input", "-d", "policy.rego", "data.smoke.deny"],
      {
        cwd: work,
        input,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const value = (JSON.parse(r.stdout) as { result: { expressions: { value: unknown }[] }[] }).result[0]
      ?.expressions[0]?.value;
    expect(value).toEqual(["container web uses the latest tag"]);
  });
});
