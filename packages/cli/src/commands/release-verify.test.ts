import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startRegistry, type RunningRegistry } from "@tollgate/oci-registry";
import { createRelease, NO_OIDC_TOKEN_MESSAGE, publishRelease, type SigningKeys } from "@tollgate/release";
import { runCommand } from "@tollgate/toolchain";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tollgate } from "../main.test-helpers.js";
import { makeKeys } from "./signing-keys.test-helpers.js";
import { REPO_PROJECT } from "../repository-project.test-helpers.js";

const LIBRARIES = REPO_PROJECT.libraries;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const OIDC_ENV = ["SIGSTORE_ID_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"];

describe("tollgate release: options that fail closed before anything is built", () => {
  const saved = new Map(OIDC_ENV.map((k) => [k, process.env[k]]));
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "tollgate-cli-release-"));
  });
  afterEach(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("--keyless without an OIDC token exits 2 with a message saying how to get one, and writes nothing", async () => {
    for (const k of OIDC_ENV) delete process.env[k];
    const r = await tollgate("release", "--keyless", "--skip-tests", "--out", join(out, "keyless"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(NO_OIDC_TOKEN_MESSAGE);
    expect(existsSync(join(out, "keyless"))).toBe(false);
  });

  it("an OIDC token in the environment chooses keyless, which still needs OPA's key (exit 2, nothing written)", async () => {
    const claims = Buffer.from(JSON.stringify({ iss: "https://issuer.example", sub: "releaser" })).toString(
      "base64url",
    );
    process.env["SIGSTORE_ID_TOKEN"] = `e30.${claims}.c2ln`;
    const r = await tollgate("release", "--skip-tests", "--out", join(out, "auto"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/an OIDC token is present \(SIGSTORE_ID_TOKEN\): signing keyless/);
    expect(r.stderr).toMatch(/--opa-key/);
    expect(existsSync(join(out, "auto"))).toBe(false);
  });

  it("refuses --key with --keyless, and a --push that is not host/repo:tag", async () => {
    expect(
      (await tollgate("release", "--key", "x.key", "--keyless", "--skip-tests", "--out", join(out, "both")))
        .stderr,
    ).toMatch(/exclude each other/);
    const bad = await tollgate(
      "release",
      "--push",
      "tollgate/policies:1",
      "--skip-tests",
      "--out",
      join(out, "bad"),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a registry host/);
    const digest = await tollgate(
      "release",
      "--push",
      `127.0.0.1:5000/tollgate/policies@sha256:${"a".repeat(64)}`,
      "--skip-tests",
      "--out",
      join(out, "bad"),
    );
    expect(digest.stderr).toMatch(/give a tag and no digest/);
    expect(existsSync(join(out, "bad"))).toBe(false);
  });

  it("documents --push and --keyless in its usage", async () => {
    const r = await tollgate("release", "--help");
    expect(r.stdout).toMatch(/--push REF/);
    expect(r.stdout).toMatch(/--keyless/);
  });
});

describe("tollgate verify OCI-REF", () => {
  let registry: RunningRegistry;
  let work: string;
  let keys: SigningKeys;
  let other: SigningKeys;
  let ref: string;

  beforeAll(async () => {
    process.env["COSIGN_PASSWORD"] = "test-password";
    work = mkdtempSync(join(tmpdir(), "tollgate-cli-verify-"));
    [keys, other, registry] = await Promise.all([
      makeKeys(mkdtempSync(join(work, "keys-"))),
      makeKeys(mkdtempSync(join(work, "other-"))),
      startRegistry(),
    ]);
    const pick = (ids: string[]) =>
      LIBRARIES.map((l) => ({ ...l, rules: l.rules.filter((rule) => ids.includes(rule.meta.id)) }));
    const release = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(work, "out"),
      version: "0.0.0-cli",
      libraries: pick(["require-run-as-nonroot", "k8sdisallowedtags"]),
      keys,
      testCommand: null,
    });
    if (!release.ok) throw new Error(release.steps.map((s) => s.figure).join("\n"));
    ref = `${registry.host}/tollgate/cli-policies:0.0.0-cli`;
    const published = await publishRelease(release, {
      ref,
      signer: { key: keys.cosignKey },
      trust: { cosign: { pub: keys.cosignPub }, opaPub: readFileSync(keys.opaPub, "utf8") },
    });
    if (!published.ok) throw new Error(published.steps.map((s) => s.figure).join("\n"));
  }, 300_000);
  afterAll(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("pulls the release from the registry, runs cosign and the folder checks, prints each, and exits 0", async () => {
    const r = await tollgate("verify", ref, "--key", keys.cosignPub, "--opa-key", keys.opaPub);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✔ bundle artifact: cosign verify passes/);
    expect(r.stdout).toMatch(/✔ release artifact: cosign verify-attestation --type cyclonedx passes/);
    expect(r.stdout).toMatch(/✔ release folder: manifest\.json: cosign signature verifies/);
    expect(r.stdout).toMatch(/✔ bundle artifact: its layer is the release's bundle\.tar\.gz/);
    expect(r.stdout).toMatch(/\nverified\n$/);
  });

  it("exits 1 with the other key, and for a tag that is not there", async () => {
    const wrong = await tollgate("verify", ref, "--key", other.cosignPub, "--opa-key", keys.opaPub);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/✘ bundle artifact: cosign verify fails/);
    expect(wrong.stdout).toMatch(/NOT VERIFIED/);
    const missing = await tollgate(
      "verify",
      `${registry.host}/tollgate/cli-policies:nope`,
      "--key",
      keys.cosignPub,
      "--opa-key",
      keys.opaPub,
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✘ oras resolve .*:nope failed/);
  });

  it("--not-older-than refuses a release older than the one a cluster runs, by its signed release number", async () => {
    const count = Number(
      (await runCommand("git", ["rev-list", "--count", "HEAD"], { cwd: REPO_ROOT })).stdout.trim(),
    );
    const same = await tollgate(
      "verify",
      ref,
      "--key",
      keys.cosignPub,
      "--opa-key",
      keys.opaPub,
      "--not-older-than",
      String(count),
    );
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(new RegExp(`release number ${count}[,\\n]`));
    expect(same.stdout).toMatch(new RegExp(`✔ release number ${count} is not older than ${count}`));
    const newer = await tollgate(
      "verify",
      ref,
      "--key",
      keys.cosignPub,
      "--opa-key",
      keys.opaPub,
      "--not-older-than",
      String(count + 1),
    );
    expect(newer.code).toBe(1);
    expect(newer.stdout).toMatch(new RegExp(`✘ release number ${count} is older than ${count + 1}: refused`));
    const bad = await tollgate(
      "verify",
      ref,
      "--key",
      keys.cosignPub,
      "--opa-key",
      keys.opaPub,
      "--not-older-than",
      "yesterday",
    );
    expect(bad.code).toBe(2);
  });

  it("--builder and --source-commit check who built the release and from what, as its signed provenance says", async () => {
    const head = (await runCommand("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT })).stdout.trim();
    const args = ["verify", ref, "--key", keys.cosignPub, "--opa-key", keys.opaPub];
    const right = await tollgate(
      ...args,
      "--source-commit",
      head,
      "--builder",
      `urn:tollgate:builder:local:${hostname()}`,
    );
    expect(right.code, right.stdout).toBe(0);
    expect(right.stdout).toMatch(/✔ provenance: built from commit/);
    const wrong = await tollgate(
      ...args,
      "--source-commit",
      "0123456789abcdef",
      "--builder",
      "https://ci.example/release",
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(
      /✘ provenance: built by urn:tollgate:builder:local:.*, not by https:\/\/ci\.example\/release/,
    );
    expect(wrong.stdout).toMatch(/✘ provenance: built from commit [0-9a-f]{40}, not 0123456789abcdef/);
  });

  it("refuses an argument that is neither a folder nor a reference, and half-given keyless options", async () => {
    expect(
      (await tollgate("verify", "no-such-folder", "--key", keys.cosignPub, "--opa-key", keys.opaPub)).stderr,
    ).toMatch(/neither a release folder nor an OCI reference/);
    const half = await tollgate("verify", ref, "--certificate-identity", "someone", "--opa-key", keys.opaPub);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/needs --certificate-oidc-issuer/);
  });
});
