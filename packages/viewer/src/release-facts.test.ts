import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, type VerificationReport } from "@tollgate/release";
import { afterAll, describe, expect, it } from "vitest";
import { publicKeyFingerprint, readReleaseFacts } from "./release-facts.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const REPORT: VerificationReport = {
  ok: false,
  checks: [],
  problems: ["b.txt: changed"],
  development: false,
};
const SIGNER = { kind: "key", fingerprint: "f", source: "a file" } as const;

describe("the facts of a release folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-facts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tells each file's state against the manifest: matching, changed, missing, added, or a signature", () => {
    mkdirSync(join(dir, "tests/policies-opa/k8sdemo/gatekeeper"), { recursive: true });
    writeFileSync(join(dir, "a.txt"), "a");
    writeFileSync(join(dir, "b.txt"), "tampered");
    writeFileSync(join(dir, "added.txt"), "x");
    writeFileSync(join(dir, MANIFEST_SIGNATURE_FILE), "{}");
    writeFileSync(
      join(dir, "tests/policies-opa/k8sdemo/gatekeeper/suite.yaml"),
      "tests:\n  - cases: [{name: one}, {name: two}]\n  - cases: [{name: three}]\n",
    );
    const catalogue = [{ id: "k8sdemo", library: "policies-opa", title: "Demo", gate: 4, targets: ["opa"] }];
    writeFileSync(join(dir, "catalogue.json"), JSON.stringify(catalogue));
    writeFileSync(
      join(dir, MANIFEST_FILE),
      JSON.stringify({
        files: [
          { path: "a.txt", sha256: sha("a") },
          { path: "b.txt", sha256: sha("b") },
          { path: "gone.txt", sha256: sha("gone") },
        ],
      }),
    );
    const facts = readReleaseFacts(dir, REPORT, SIGNER);
    const state = Object.fromEntries(facts.artifacts.map((a) => [a.path, a.status]));
    expect(state).toMatchObject({
      "a.txt": "matches",
      "b.txt": "changed",
      "gone.txt": "missing",
      "added.txt": "not in the manifest",
      [MANIFEST_FILE]: "signature",
      [MANIFEST_SIGNATURE_FILE]: "signature",
    });
    expect(facts.artifacts.find((a) => a.path === "b.txt")).toMatchObject({
      expected: sha("b"),
      actual: sha("tampered"),
    });
    // The catalogue's rule, with the gator cases of its shipped suite counted.
    expect(facts.rules).toEqual([
      expect.objectContaining({ id: "k8sdemo", gate: 4, gatorCases: 3, kyvernoRows: 0, targets: ["opa"] }),
    ]);
    // No SBOM, no provenance: nothing is made up.
    expect(facts.components).toEqual([]);
    expect(facts.provenance).toBeUndefined();
  });

  it("fingerprints a public key by the sha256 of its DER bytes", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const der = publicKey.export({ type: "spki", format: "der" });
    expect(publicKeyFingerprint(pem)).toBe(createHash("sha256").update(der).digest("hex"));
  });
});
