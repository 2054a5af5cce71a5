import { generateKeyPairSync, createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { REPO_CONFIG } from "../repository-project.test-helpers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/tollgate.js");
const unshare = ["/usr/bin/unshare", "/bin/unshare"].find((p) => existsSync(p));
const root = process.getuid?.() === 0;

/**
 * The release is hermetic: with the network cut (a new network namespace with only a loopback
 * that is down), it builds, signs and verifies, and gives the same tarball bytes as a run with
 * the network.
 */
describe.runIf(unshare && root)("tollgate release without network", () => {
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tollgate-hermetic-"));
    const r = await runCommand(await requireTool("cosign"), ["generate-key-pair"], {
      cwd: work,
      env: { COSIGN_PASSWORD: "hermetic" },
    });
    if (r.code !== 0) throw new Error(r.stderr);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(work, "opa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(work, "opa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    await requireTool("opa");
    await requireTool("kyverno");
    await requireTool("gator");
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const release = (out: string, isolated: boolean) => {
    const args = [
      bin,
      "release",
      "--config",
      REPO_CONFIG,
      "--skip-tests",
      "--out",
      join(work, out),
      "--key",
      join(work, "cosign.key"),
      "--opa-key",
      join(work, "opa.key"),
    ];
    const [cmd, argv] = isolated ? [unshare!, ["-n", process.execPath, ...args]] : [process.execPath, args];
    return runCommand(cmd, argv, { env: { COSIGN_PASSWORD: "hermetic" }, timeoutMs: 600_000 });
  };

  it("builds, signs and verifies with no network, byte for byte the same release", async () => {
    const offline = await release("offline", true);
    expect(offline.code, offline.stdout + offline.stderr).toBe(0);
    expect(offline.stdout).toContain("RELEASE SIGNED AND VERIFIED");
    const online = await release("online", false);
    expect(online.code, online.stdout + online.stderr).toBe(0);
    const digest = (out: string) =>
      createHash("sha256")
        .update(readFileSync(join(work, out, "tollgate-0.1.0.tar.gz")))
        .digest("hex");
    expect(digest("offline")).toBe(digest("online"));
  }, 600_000);
});
