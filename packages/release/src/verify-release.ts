import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./digests.js";
import { verifyOpaBundleSignature } from "./opa-bundle.js";
import type { ProvenanceStatement } from "./provenance.js";
import { DETACHED_FILES, listFiles, MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, PROVENANCE_SIGNATURE_FILE, type ReleaseManifest } from "./release-manifest.js";
import { verifyAttestationBundle, verifyBlobBundle } from "./sigstore-verify.js";

/** The keys a release is verified with (PEM text). */
export interface VerificationKeys {
  readonly cosignPub: string;
  readonly opaPub: string;
}

/** What `tollgate verify` found. */
export interface VerificationReport {
  readonly ok: boolean;
  /** What was checked and passed. */
  readonly checks: string[];
  /** What is wrong, naming the file. */
  readonly problems: string[];
  readonly development: boolean;
}

/**
 * Verifies a release folder offline: the manifest's cosign signature (with `@sigstore/verify`),
 * every file's digest against the manifest (no file changed, added or removed), the DSSE
 * provenance signature and that its subjects are exactly the release's files, and OPA's own
 * signature inside the bundle.
 *
 * @param dir - the release folder
 * @param keys - the public keys to trust
 * @returns the report
 */
export function verifyRelease(dir: string, keys: VerificationKeys): VerificationReport {
  const checks: string[] = [];
  const problems: string[] = [];
  const done = (development = false): VerificationReport => ({ ok: problems.length === 0, checks, problems, development });
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    problems.push(`${MANIFEST_FILE} is missing: not a Tollgate release folder`);
    return done();
  }
  const manifestBytes = readFileSync(manifestPath);
  try {
    verifyBlobBundle(keys.cosignPub, readFileSync(join(dir, MANIFEST_SIGNATURE_FILE), "utf8"), manifestBytes);
    checks.push(`${MANIFEST_FILE}: cosign signature verifies with the given key`);
  } catch (e) {
    problems.push(`${MANIFEST_FILE}: signature does not verify (${(e as Error).message})`);
    return done();
  }
  const manifest = JSON.parse(manifestBytes.toString("utf8")) as ReleaseManifest;
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = listFiles(dir).filter((p) => p !== MANIFEST_FILE && !DETACHED_FILES.includes(p));
  for (const path of present) {
    const entry = listed.get(path);
    if (!entry) problems.push(`${path}: added, not in the signed manifest`);
    else if (sha256Hex(readFileSync(join(dir, path))) !== entry.sha256) problems.push(`${path}: changed, its sha256 differs from the signed manifest`);
  }
  for (const path of listed.keys()) if (!present.includes(path)) problems.push(`${path}: removed, listed in the signed manifest but missing`);
  if (problems.length === 0) checks.push(`${listed.size} files match their signed sha256 digests, none added or removed`);

  try {
    const statement = verifyAttestationBundle(keys.cosignPub, readFileSync(join(dir, PROVENANCE_SIGNATURE_FILE), "utf8")) as ProvenanceStatement;
    checks.push(`${PROVENANCE_SIGNATURE_FILE}: DSSE signature verifies`);
    if (statement.predicateType !== "https://slsa.dev/provenance/v1") problems.push(`provenance: unexpected predicate type ${statement.predicateType}`);
    const expected = new Map([...manifest.files.map((f) => [f.path, f.sha256] as const), [MANIFEST_FILE, sha256Hex(manifestBytes)] as const]);
    const subjects = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
    const wrong = [...expected].filter(([p, d]) => subjects.get(p) !== d).map(([p]) => p);
    const extra = [...subjects.keys()].filter((p) => !expected.has(p));
    if (wrong.length || extra.length) problems.push(`provenance: subjects differ from the release (${[...wrong, ...extra].slice(0, 5).join(", ")})`);
    else checks.push(`provenance: ${subjects.size} subjects match the release files and the manifest`);
  } catch (e) {
    problems.push(`${PROVENANCE_SIGNATURE_FILE}: does not verify (${(e as Error).message})`);
  }

  const bundlePath = join(dir, "bundle.tar.gz");
  if (existsSync(bundlePath)) {
    const opaProblems = verifyOpaBundleSignature(readFileSync(bundlePath), keys.opaPub);
    if (opaProblems.length === 0) checks.push("bundle.tar.gz: OPA bundle signature (.signatures.json) verifies and covers every file");
    else problems.push(...opaProblems.map((p) => `bundle.tar.gz: ${p}`));
  } else if (!problems.some((p) => p.startsWith("bundle.tar.gz"))) {
    problems.push("bundle.tar.gz: missing");
  }
  return done(manifest.signing?.development === true);
}
