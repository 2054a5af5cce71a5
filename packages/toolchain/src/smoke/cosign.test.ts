import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../require-tool.js";
import { runCommand } from "../run-command.js";

const OFFLINE_SIGN = ["--use-signing-config=false", "--tlog-upload=false", "--yes"];

describe("cosign smoke: sign-blob and verify-blob offline with a key made in the test", () => {
  let work: string;
  let cosign: string;
  const env = { COSIGN_PASSWORD: "test-only-password" };
  beforeAll(async () => {
    cosign = await requireTool("cosign");
    work = mkdtempSync(join(tmpdir(), "tollgate-cosign-smoke-"));
    const keys = await runCommand(cosign, ["generate-key-pair"], { cwd: work, env });
    expect(keys.code, keys.stderr).toBe(0);
    writeFileSync(join(work, "blob.txt"), "tollgate release manifest\n");
    const sign = await runCommand(
      cosign,
      ["sign-blob", ...OFFLINE_SIGN, "--key", "cosign.key", "--bundle", "blob.sigstore.json", "blob.txt"],
      { cwd: work, env },
    );
    expect(sign.code, sign.stderr).toBe(0);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("verifies the signed blob with the public key", async () => {
    const verify = await runCommand(
      cosign,
      [
        "verify-blob",
        "--insecure-ignore-tlog=true",
        "--key",
        "cosign.pub",
        "--bundle",
        "blob.sigstore.json",
        "blob.txt",
      ],
      { cwd: work },
    );
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).toContain("Verified OK");
  });

  it("rejects a changed blob", async () => {
    writeFileSync(join(work, "changed.txt"), "tollgate release manifest, changed\n");
    const verify = await runCommand(
      cosign,
      [
        "verify-blob",
        "--insecure-ignore-tlog=true",
        "--key",
        "cosign.pub",
        "--bundle",
        "blob.sigstore.json",
        "changed.txt",
      ],
      { cwd: work },
    );
    expect(verify.code).not.toBe(0);
  });
});
