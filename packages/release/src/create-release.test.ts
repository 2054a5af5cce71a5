import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { requireTool, runCommand } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignedOpaBundle } from "./opa-bundle.js";
import { copyRelease, createRelease, type ReleaseResult } from "./create-release.js";
import { cosignVerifyBlob } from "./cosign-cli.js";
import { keylessIdentityFromEnv } from "./keyless.js";
import { sha256Hex } from "./digests.js";
import {
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILE,
  PROVENANCE_FILE,
  PROVENANCE_SIGNATURE_FILE,
} from "./release-manifest.js";
import { makeTestKeys, REPO_ROOT, SMALL_LIBRARIES } from "./release.test-helpers.js";
import type { SigningKeys } from "./signing-keys.js";
import { createTarGz, readTarGz } from "./tar-archive.js";
import { verifyRelease } from "./verify-release.js";

const PASSWORD = "test-password";

describe("tollgate release", () => {
  let keys: SigningKeys;
  let other: SigningKeys;
  let out: string;
  let first: ReleaseResult;
  const pems = () => ({
    cosignPub: readFileSync(keys.cosignPub, "utf8"),
    opaPub: readFileSync(keys.opaPub, "utf8"),
  });

  beforeAll(async () => {
    process.env["COSIGN_PASSWORD"] = PASSWORD;
    keys = await makeTestKeys("main");
    other = await makeTestKeys("other");
    out = mkdtempSync(join(tmpdir(), "tollgate-release-"));
    first = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(out, "a"),
      version: "0.0.0-test",
      libraries: SMALL_LIBRARIES,
      keys,
      testCommand: null,
    });
  }, 600_000);
  afterAll(() => {
    for (const d of [out, ...[keys, other].filter(Boolean).map((k) => dirname(k.cosignKey))])
      if (d) rmSync(d, { recursive: true, force: true });
  });

  it("signs, verifies, and lists every step green on the gate board", () => {
    expect(first.steps.map((s) => `${s.name}:${s.ok}`)).toEqual([
      "tests:true",
      "build:true",
      "conformance:true",
      "sbom:true",
      "provenance:true",
      "signature:true",
      "verification:true",
    ]);
    expect(first.ok).toBe(true);
    for (const f of [
      "bundle.tar.gz",
      "catalogue.json",
      "sbom.cdx.json",
      MANIFEST_FILE,
      MANIFEST_SIGNATURE_FILE,
      PROVENANCE_SIGNATURE_FILE,
      "tests/policies-opa/k8sallowedrepos/gatekeeper/template.yaml",
      "tests/policies-kyverno/require-run-as-nonroot/kyverno/policy.yaml",
      "deploy/gatekeeper/templates/kustomization.yaml",
      "deploy/gatekeeper/constraints/k8sallowedrepos.yaml",
      "deploy/kyverno/require-run-as-nonroot.yaml",
      "deploy/vap/kustomization.yaml",
    ]) {
      expect(existsSync(join(first.dir, f)), f).toBe(true);
    }
  });

  it("ships an OPA bundle with a manifest (revision, roots, rego_version, wasm entrypoints), policy.wasm, data and OPA's signature", () => {
    const files = readTarGz(readFileSync(join(first.dir, "bundle.tar.gz")));
    const names = files.map((f) => f.path);
    for (const n of [".manifest", "policy.wasm", "data.json", ".signatures.json", "tollgate/admission.rego"])
      expect(names).toContain(n);
    const manifest = JSON.parse(files.find((f) => f.path === ".manifest")!.content.toString()) as {
      revision: string;
      roots: string[];
      rego_version: number;
      wasm: { entrypoint: string }[];
    };
    expect(manifest.roots).toEqual(["tollgate"]);
    expect(manifest.rego_version).toBe(1);
    expect(manifest.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.wasm.map((w) => w.entrypoint)).toContain("tollgate/admission/decisions");
  });

  it("describes itself: CycloneDX SBOM with the files and what built them, SLSA v1 provenance with the source commit and builder", () => {
    const sbom = JSON.parse(readFileSync(join(first.dir, "sbom.cdx.json"), "utf8")) as {
      bomFormat: string;
      specVersion: string;
      components: { type: string; name: string; purl?: string }[];
    };
    expect(sbom.bomFormat).toBe("CycloneDX");
    expect(sbom.components.some((c) => c.type === "file" && c.name === "bundle.tar.gz")).toBe(true);
    expect(
      sbom.components.some((c) => c.purl === "pkg:golang/github.com/open-policy-agent/opa@v1.22.3"),
    ).toBe(true);
    expect(sbom.components.some((c) => c.purl?.startsWith("pkg:npm/%40open-policy-agent/opa-wasm@"))).toBe(
      true,
    );
    const statement = JSON.parse(readFileSync(join(first.dir, "provenance.intoto.json"), "utf8")) as {
      predicateType: string;
      predicate: {
        buildDefinition: { resolvedDependencies: { uri: string; digest?: Record<string, string> }[] };
        runDetails: { builder: { id: string }; metadata: { startedOn: string; finishedOn: string } };
      };
    };
    expect(statement.predicateType).toBe("https://slsa.dev/provenance/v1");
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]!.digest!["gitCommit"]).toMatch(
      /^[0-9a-f]{40}$/,
    );
    expect(statement.predicate.runDetails.builder.id).toMatch(
      /^(urn:tollgate:builder:local:|https:\/\/github.com\/)/,
    );
    expect(Date.parse(statement.predicate.runDetails.metadata.finishedOn)).toBeGreaterThanOrEqual(
      Date.parse(statement.predicate.runDetails.metadata.startedOn),
    );
  });

  it("cosign verify-blob agrees with tollgate verify, and cosign verifies the provenance attestation", async () => {
    const r = await cosignVerifyBlob(
      keys.cosignPub,
      join(first.dir, MANIFEST_FILE),
      join(first.dir, MANIFEST_SIGNATURE_FILE),
    );
    expect(r.code, r.stderr).toBe(0);
    const cosign = await requireTool("cosign");
    const a = await runCommand(cosign, [
      "verify-blob-attestation",
      "--key",
      keys.cosignPub,
      "--bundle",
      join(first.dir, PROVENANCE_SIGNATURE_FILE),
      "--insecure-ignore-tlog=true",
      "--type",
      "slsaprovenance1",
      join(first.dir, MANIFEST_FILE),
    ]);
    expect(a.code, a.stderr).toBe(0);
    const wrong = await cosignVerifyBlob(
      other.cosignPub,
      join(first.dir, MANIFEST_FILE),
      join(first.dir, MANIFEST_SIGNATURE_FILE),
    );
    expect(wrong.code).not.toBe(0);
  });

  it("is reproducible: a second release of the same commit gives the same tarball bytes", async () => {
    const second = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(out, "b"),
      version: "0.0.0-test",
      libraries: SMALL_LIBRARIES,
      keys,
      testCommand: null,
    });
    expect(second.ok).toBe(true);
    expect(sha256Hex(readFileSync(second.tarball))).toBe(sha256Hex(readFileSync(first.tarball)));
    expect(readFileSync(join(second.dir, MANIFEST_FILE), "utf8")).toBe(
      readFileSync(join(first.dir, MANIFEST_FILE), "utf8"),
    );
  }, 600_000);

  it("keyless: with a token Sigstore cannot accept (here it is not even reachable), the real cosign fails, the signature gate is red, nothing is signed", async () => {
    const claims = Buffer.from(JSON.stringify({ iss: "https://issuer.example", sub: "releaser" })).toString(
      "base64url",
    );
    const identity = keylessIdentityFromEnv({ SIGSTORE_ID_TOKEN: `e30.${claims}.c2ln` });
    const saved = process.env["SIGSTORE_ID_TOKEN"];
    process.env["SIGSTORE_ID_TOKEN"] = `e30.${claims}.c2ln`;
    try {
      const r = await createRelease({
        repoRoot: REPO_ROOT,
        outDir: join(out, "keyless"),
        version: "0.0.0-test",
        libraries: SMALL_LIBRARIES,
        keys: { keyless: identity, opaKey: keys.opaKey, opaPub: keys.opaPub, development: false },
        testCommand: null,
      });
      expect(r.ok).toBe(false);
      expect(r.steps.at(-1)).toMatchObject({
        name: "signature",
        ok: false,
        figure: expect.stringMatching(/^cosign sign-blob failed \(exit [1-9]/),
      });
      expect(existsSync(join(r.dir, MANIFEST_SIGNATURE_FILE))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env["SIGSTORE_ID_TOKEN"];
      else process.env["SIGSTORE_ID_TOKEN"] = saved;
    }
  }, 600_000);

  it("refuses to sign when the test suite fails", async () => {
    const r = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(out, "c"),
      version: "0.0.0-test",
      libraries: SMALL_LIBRARIES,
      keys,
      testCommand: ["node", "-e", "process.exit(3)"],
    });
    expect(r.ok).toBe(false);
    expect(r.steps).toEqual([expect.objectContaining({ name: "tests", ok: false })]);
    expect(existsSync(join(r.dir, MANIFEST_SIGNATURE_FILE))).toBe(false);
  }, 600_000);

  describe("catches tampering", () => {
    const tampered = (name: string, change: (dir: string) => void | Promise<void>) =>
      it(
        name,
        async () => {
          const dir = join(out, `tamper-${name.replace(/\W+/g, "-")}`);
          copyRelease(first.dir, dir);
          await change(dir);
          const report = verifyRelease(dir, pems());
          expect(report.ok).toBe(false);
          expect(report.problems.join("\n")).toMatch(expected[name]!);
          if (!/key/.test(name)) {
            const c = await cosignVerifyBlob(
              keys.cosignPub,
              join(dir, MANIFEST_FILE),
              join(dir, MANIFEST_SIGNATURE_FILE),
            );
            const changedManifestOrSignature = /signature|manifest/.test(name);
            if (changedManifestOrSignature) expect(c.code).not.toBe(0);
          }
        },
        300_000,
      );
    const expected: Record<string, RegExp> = {
      "a changed file": /catalogue\.json: changed/,
      "an added file": /extra\.yaml: added/,
      "a removed file": /sbom\.cdx\.json: removed/,
      "a replaced signature": /manifest\.json: signature does not verify/,
      "a manifest pointing at a different digest": /manifest\.json: signature does not verify/,
      "a bundle re-signed with another key":
        /bundle\.tar\.gz: (changed|the bundle signature does not verify)/,
      "a wrong key": /signature does not verify/,
      "a file replaced by a symbolic link to the same bytes outside the folder":
        /catalogue\.json: not a regular file/,
      "a FIFO where a file was": /sbom\.cdx\.json: not a regular file/,
      "the readable provenance copy edited": /provenance\.intoto\.json: differs from the signed provenance/,
    };
    tampered("a file replaced by a symbolic link to the same bytes outside the folder", (d) => {
      const outside = join(out, "outside-catalogue.json");
      copyFileSync(join(d, "catalogue.json"), outside);
      unlinkSync(join(d, "catalogue.json"));
      symlinkSync(outside, join(d, "catalogue.json"));
    });
    tampered("a FIFO where a file was", async (d) => {
      unlinkSync(join(d, "sbom.cdx.json"));
      const made = await runCommand("mkfifo", [join(d, "sbom.cdx.json")]);
      expect(made.code, made.stderr).toBe(0);
    });
    tampered("the readable provenance copy edited", (d) => {
      const path = join(d, PROVENANCE_FILE);
      const statement = JSON.parse(readFileSync(path, "utf8")) as {
        predicate: { runDetails: { builder: { id: string } } };
      };
      statement.predicate.runDetails.builder.id = "https://attacker.example/builder";
      writeFileSync(path, JSON.stringify(statement));
    });
    it("refuses an archive that unpacks to more than it allows, before holding it all", () => {
      const bomb = createTarGz([{ path: "zeros", content: Buffer.alloc(4 * 2 ** 20) }]);
      expect(bomb.length).toBeLessThan(64 * 1024);
      expect(() => readTarGz(bomb, 2 ** 20)).toThrow(/unpacks to more than 1 MiB/);
      expect(readTarGz(bomb, 8 * 2 ** 20)[0]!.content.length).toBe(4 * 2 ** 20);
    });
    tampered("a changed file", (d) => appendFileSync(join(d, "catalogue.json"), " "));
    tampered("an added file", (d) => writeFileSync(join(d, "tests", "extra.yaml"), "kind: Pod\n"));
    tampered("a removed file", (d) => unlinkSync(join(d, "sbom.cdx.json")));
    tampered("a replaced signature", async (d) => {
      const cosign = await requireTool("cosign");
      writeFileSync(join(d, "forged.json"), "{}");
      await runCommand(
        cosign,
        [
          "sign-blob",
          "--yes",
          "--key",
          other.cosignKey,
          "--use-signing-config=false",
          "--tlog-upload=false",
          "--bundle",
          join(d, MANIFEST_SIGNATURE_FILE),
          join(d, MANIFEST_FILE),
        ],
        { env: { COSIGN_PASSWORD: PASSWORD } },
      );
      unlinkSync(join(d, "forged.json"));
    });
    tampered("a manifest pointing at a different digest", (d) => {
      const m = readFileSync(join(d, MANIFEST_FILE), "utf8");
      writeFileSync(
        join(d, MANIFEST_FILE),
        m.replace(/"sha256": "[0-9a-f]{64}"/, `"sha256": "${"0".repeat(64)}"`),
      );
    });
    tampered("a bundle re-signed with another key", async (d) => {
      writeFileSync(
        join(d, "bundle.tar.gz"),
        await buildSignedOpaBundle(
          SMALL_LIBRARIES.flatMap((l) => l.rules),
          {},
          other.opaKey,
          "f".repeat(40),
        ),
      );
    });
    it("a wrong key", () => {
      const report = verifyRelease(first.dir, {
        cosignPub: readFileSync(other.cosignPub, "utf8"),
        opaPub: readFileSync(keys.opaPub, "utf8"),
      });
      expect(report.ok).toBe(false);
      expect(report.problems.join("\n")).toMatch(expected["a wrong key"]!);
    });
    it("an OPA bundle signature checked with the wrong key", () => {
      const report = verifyRelease(first.dir, {
        cosignPub: readFileSync(keys.cosignPub, "utf8"),
        opaPub: readFileSync(other.opaPub, "utf8"),
      });
      expect(report.problems).toEqual([
        "bundle.tar.gz: the bundle signature does not verify with the given key",
      ]);
    });
  });
});
