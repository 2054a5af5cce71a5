import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startRegistry, type RunningRegistry } from "@tollgate/oci-registry";
import {
  createRelease,
  publishRelease,
  PROVENANCE_FILE,
  type KeylessIdentity,
  type ReleaseResult,
} from "@tollgate/release";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tollgate } from "../main.test-helpers.js";
import { REPO_PROJECT } from "../repository-project.test-helpers.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const ISSUER = "https://token.actions.githubusercontent.com";
const IDENTITY = "https://github.com/acme/policies/.github/workflows/release.yaml@refs/tags/v1.0.0";

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/**
 * A certificate authority made for the test, standing in for Fulcio: a root, and a signing
 * certificate that carries an identity (SAN URI) and the OIDC issuer extensions as Fulcio's do;
 * the Sigstore trusted root that names it; the signing key in cosign's format.
 */
async function makeCertificateAuthority(
  dir: string,
  identity: string,
): Promise<NonNullable<KeylessIdentity["privateCa"]>> {
  openssl(dir, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"]);
  openssl(dir, [
    "req",
    "-x509",
    "-new",
    "-key",
    "ca.key",
    "-subj",
    "/O=tollgate-test/CN=test certificate authority",
    "-days",
    "2",
    "-out",
    "ca.pem",
    "-addext",
    "basicConstraints=critical,CA:true",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  writeFileSync(
    join(dir, "leaf.cnf"),
    [
      "[leaf]",
      "keyUsage = critical, digitalSignature",
      "extendedKeyUsage = codeSigning",
      `subjectAltName = URI:${identity}`,
      `1.3.6.1.4.1.57264.1.1 = ASN1:UTF8String:${ISSUER}`,
      `1.3.6.1.4.1.57264.1.8 = ASN1:UTF8String:${ISSUER}`,
      "",
    ].join("\n"),
  );
  openssl(dir, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "leaf.ec"]);
  openssl(dir, ["pkcs8", "-topk8", "-nocrypt", "-in", "leaf.ec", "-out", "leaf.p8"]);
  openssl(dir, ["req", "-new", "-key", "leaf.ec", "-subj", "/", "-out", "leaf.csr"]);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    "leaf.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-out",
    "leaf.pem",
    "-extfile",
    "leaf.cnf",
    "-extensions",
    "leaf",
  ]);
  const imported = await runCommand(
    await requireTool("cosign"),
    ["import-key-pair", "--key", "leaf.p8", "--output-key-prefix", "signing"],
    { cwd: dir, env: { COSIGN_PASSWORD: "test-password" } },
  );
  if (imported.code !== 0) throw new Error(imported.stderr);
  const rootDer = execFileSync("openssl", ["x509", "-in", join(dir, "ca.pem"), "-outform", "DER"]);
  writeFileSync(
    join(dir, "trusted_root.json"),
    JSON.stringify({
      mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
      tlogs: [],
      certificateAuthorities: [
        {
          subject: { organization: "tollgate-test", commonName: "test certificate authority" },
          uri: "https://ca.tollgate.test",
          certChain: { certificates: [{ rawBytes: rootDer.toString("base64") }] },
          validFor: { start: "2026-01-01T00:00:00Z" },
        },
      ],
      ctlogs: [],
      timestampAuthorities: [],
    }),
  );
  return {
    trustedRoot: join(dir, "trusted_root.json"),
    signing: {
      key: join(dir, "signing.key"),
      certificate: join(dir, "leaf.pem"),
      chain: join(dir, "ca.pem"),
    },
  };
}

describe("a full release signed keyless (certificate identity), verified by identity", () => {
  let work: string;
  let ca: NonNullable<KeylessIdentity["privateCa"]>;
  let otherCa: NonNullable<KeylessIdentity["privateCa"]>;
  let opaPub: string;
  let release: ReleaseResult;
  let registry: RunningRegistry;
  let ref: string;

  beforeAll(async () => {
    process.env["COSIGN_PASSWORD"] = "test-password";
    work = mkdtempSync(join(tmpdir(), "tollgate-keyless-"));
    const [caDir, otherDir] = [mkdtempSync(join(work, "ca-")), mkdtempSync(join(work, "other-"))];
    [ca, otherCa, registry] = await Promise.all([
      makeCertificateAuthority(caDir, IDENTITY),
      makeCertificateAuthority(otherDir, IDENTITY),
      startRegistry(),
    ]);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(work, "opa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    opaPub = join(work, "opa.pub");
    writeFileSync(opaPub, publicKey.export({ type: "spki", format: "pem" }));
    const keyless: KeylessIdentity = {
      tokenSource: "none",
      identity: IDENTITY,
      issuer: ISSUER,
      privateCa: ca,
    };
    // Both libraries whole: every rule's files are in the signed manifest.
    release = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(work, "out"),
      version: "1.0.0",
      libraries: REPO_PROJECT.libraries,
      keys: { keyless, opaKey: join(work, "opa.key"), opaPub, development: false },
      testCommand: null,
    });
    if (!release.ok) throw new Error(release.steps.map((s) => `${s.name}: ${s.figure}`).join("\n"));
    ref = `${registry.host}/tollgate/keyless:1.0.0`;
    const published = await publishRelease(release, {
      ref,
      signer: { keyless },
      trust: { cosign: { keyless }, opaPub: readFileSync(opaPub, "utf8") },
    });
    if (!published.ok) throw new Error(published.steps.map((s) => `${s.name}: ${s.figure}`).join("\n"));
  }, 900_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const byIdentity = (root: string, identity = IDENTITY): string[] => [
    "--certificate-identity",
    identity,
    "--certificate-oidc-issuer",
    ISSUER,
    "--trusted-root",
    root,
    "--opa-key",
    opaPub,
  ];

  it("tollgate verify passes on the folder: the manifest's signature and the provenance attestation (two subjects, under cosign's limit)", async () => {
    const provenance = JSON.parse(readFileSync(join(release.dir, PROVENANCE_FILE), "utf8")) as {
      subject: unknown[];
    };
    expect(provenance.subject).toHaveLength(2);
    const r = await tollgate("verify", release.dir, ...byIdentity(ca.trustedRoot));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`keyless identity ${IDENTITY.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`),
    );
  });

  it("tollgate verify passes on what the registry serves, every artifact included", async () => {
    const r = await tollgate("verify", ref, ...byIdentity(ca.trustedRoot));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.match(/deploy artifact/g)?.length).toBe(4);
  });

  it("fails for another identity, and for the same identity from another authority", async () => {
    const wrongIdentity = await tollgate(
      "verify",
      release.dir,
      ...byIdentity(
        ca.trustedRoot,
        "https://github.com/evil/fork/.github/workflows/release.yaml@refs/heads/main",
      ),
    );
    expect(wrongIdentity.code).toBe(1);
    expect(wrongIdentity.stdout + wrongIdentity.stderr).toMatch(/expected SAN value/);
    const wrongAuthority = await tollgate("verify", release.dir, ...byIdentity(otherCa.trustedRoot));
    expect(wrongAuthority.code).toBe(1);
    const fromRegistry = await tollgate("verify", ref, ...byIdentity(otherCa.trustedRoot));
    expect(fromRegistry.code).toBe(1);
  });
});
