import { copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandResult } from "@tollgate/toolchain";
import { cosignVerifyBlob, cosignVerifyBlobAttestation } from "./cosign-cli.js";
import { canonicalJson, sha256Hex } from "./digests.js";
import type { KeylessIdentity } from "./keyless.js";
import { verifyOpaBundleSignature } from "./opa-bundle.js";
import { BUILD_TYPE, type ProvenanceStatement } from "./provenance.js";
import {
  DETACHED_FILES,
  listFiles,
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILE,
  PROVENANCE_FILE,
  PROVENANCE_SIGNATURE_FILE,
  type ReleaseManifest,
} from "./release-manifest.js";

/** The largest manifest a verifier reads (a release of both libraries has one of about 300 KiB). */
const MAX_MANIFEST_BYTES = 32 * 2 ** 20;
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
  /** What the signed manifest says the release is, once its signature verified. */
  readonly release?: Pick<ReleaseManifest, "name" | "version" | "sourceCommit" | "releaseNumber">;
  /** Who built it, from what, as the signed provenance says (once its signature verified). */
  readonly provenance?: {
    readonly builderId: string;
    readonly buildType: string;
    readonly sourceCommit: string;
  };
}

/** Checks the two cosign signatures of a release; each throws when its signature does not verify. */
interface SignatureChecks {
  /** What the signatures were checked against, for the report. */
  readonly by: string;
  /** Checks the manifest's Sigstore bundle over the manifest's bytes. */
  manifest(bundleJson: string, manifest: Buffer): void;
  /** Checks the provenance's DSSE bundle and returns its in-toto statement. */
  attestation(bundleJson: string): unknown;
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
  return checkRelease(dir, keys.opaPub, {
    by: "the given key",
    manifest: (bundle, bytes) => verifyBlobBundle(keys.cosignPub, bundle, bytes),
    attestation: (bundle) => verifyAttestationBundle(keys.cosignPub, bundle),
  });
}

/**
 * Verifies a release folder signed keyless: `cosign verify-blob` and `cosign
 * verify-blob-attestation` check the manifest and provenance signatures against the expected
 * certificate identity and issuer (this needs Sigstore's public trust root, so the network),
 * then the same digest, provenance and OPA bundle checks as {@link verifyRelease}.
 *
 * @param dir - the release folder
 * @param identity - the keyless identity the certificates must carry
 * @param opaPub - the OPA bundle's RSA public key (PEM)
 * @returns the report
 */
export async function verifyReleaseKeyless(
  dir: string,
  identity: KeylessIdentity,
  opaPub: string,
): Promise<VerificationReport> {
  const trust = { keyless: identity };
  // cosign checks a private copy of the signed files, and every later check uses the same bytes:
  // a file swapped in the folder between the two reads changes nothing.
  const copy = mkdtempSync(join(tmpdir(), "tollgate-verify-keyless-"));
  let signed: SignedBytes | undefined;
  let m: CommandResult | undefined;
  let a: CommandResult | undefined;
  try {
    if (existsSync(join(dir, MANIFEST_FILE))) {
      for (const f of [MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, PROVENANCE_SIGNATURE_FILE])
        if (existsSync(join(dir, f)) && lstatSync(join(dir, f)).isFile())
          copyFileSync(join(dir, f), join(copy, f));
      const read = (f: string): string =>
        existsSync(join(copy, f)) ? readFileSync(join(copy, f), "utf8") : "";
      signed = {
        manifest: existsSync(join(copy, MANIFEST_FILE))
          ? readFileSync(join(copy, MANIFEST_FILE))
          : Buffer.alloc(0),
        manifestSignature: read(MANIFEST_SIGNATURE_FILE),
        provenanceSignature: read(PROVENANCE_SIGNATURE_FILE),
      };
      m = await cosignVerifyBlob(trust, join(copy, MANIFEST_FILE), join(copy, MANIFEST_SIGNATURE_FILE));
      a = await cosignVerifyBlobAttestation(
        trust,
        join(copy, MANIFEST_FILE),
        join(copy, PROVENANCE_SIGNATURE_FILE),
        "slsaprovenance1",
      );
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const failure = (r: typeof m) =>
    r && r.code !== 0
      ? ((r.stderr || r.stdout).trim().split("\n").slice(-1)[0] ?? `exit ${r.code}`)
      : undefined;
  return checkRelease(
    dir,
    opaPub,
    {
      by: `the keyless identity ${identity.identity ?? identity.identityRegexp ?? "?"} (${identity.issuer})`,
      manifest: () => {
        const f = failure(m);
        if (f) throw new Error(`cosign verify-blob: ${f}`);
      },
      attestation: (bundle) => {
        const f = failure(a);
        if (f) throw new Error(`cosign verify-blob-attestation: ${f}`);
        const parsed = JSON.parse(bundle) as { dsseEnvelope?: { payload: string } };
        if (!parsed.dsseEnvelope) throw new Error("the bundle holds no DSSE envelope");
        return JSON.parse(Buffer.from(parsed.dsseEnvelope.payload, "base64").toString("utf8"));
      },
    },
    signed,
  );
}

/** The bytes the signatures were checked on, read once: the checks that follow use these, not a second read. */
interface SignedBytes {
  readonly manifest: Buffer;
  readonly manifestSignature: string;
  readonly provenanceSignature: string;
}

function checkRelease(
  dir: string,
  opaPub: string,
  signatures: SignatureChecks,
  signed?: SignedBytes,
): VerificationReport {
  const checks: string[] = [];
  const problems: string[] = [];
  const seen: { release?: VerificationReport["release"]; provenance?: VerificationReport["provenance"] } = {};
  const done = (development = false): VerificationReport => ({
    ok: problems.length === 0,
    checks,
    problems,
    development,
    ...(seen.release ? { release: seen.release } : {}),
    ...(seen.provenance ? { provenance: seen.provenance } : {}),
  });
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    problems.push(`${MANIFEST_FILE} is missing: not a Tollgate release folder`);
    return done();
  }
  const notRegular = listFiles(dir).filter((p) => !lstatSync(join(dir, p)).isFile());
  if (notRegular.length > 0) {
    // A symbolic link could point at bytes outside the folder, a FIFO would block a reader.
    problems.push(...notRegular.map((p) => `${p}: not a regular file (a release holds regular files only)`));
    return done();
  }
  if (statSync(manifestPath).size > MAX_MANIFEST_BYTES) {
    problems.push(`${MANIFEST_FILE}: larger than ${MAX_MANIFEST_BYTES / 2 ** 20} MiB: refused`);
    return done();
  }
  const manifestBytes = signed?.manifest ?? readFileSync(manifestPath);
  try {
    signatures.manifest(
      signed?.manifestSignature ?? readFileSync(join(dir, MANIFEST_SIGNATURE_FILE), "utf8"),
      manifestBytes,
    );
    checks.push(`${MANIFEST_FILE}: cosign signature verifies with ${signatures.by}`);
  } catch (e) {
    problems.push(`${MANIFEST_FILE}: signature does not verify (${(e as Error).message})`);
    return done();
  }
  const manifest = JSON.parse(manifestBytes.toString("utf8")) as ReleaseManifest;
  seen.release = {
    name: manifest.name,
    version: manifest.version,
    sourceCommit: manifest.sourceCommit,
    ...(typeof manifest.releaseNumber === "number" ? { releaseNumber: manifest.releaseNumber } : {}),
  };
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = listFiles(dir).filter((p) => p !== MANIFEST_FILE && !DETACHED_FILES.includes(p));
  for (const path of present) {
    const entry = listed.get(path);
    if (!entry) problems.push(`${path}: added, not in the signed manifest`);
    else if (sha256Hex(readFileSync(join(dir, path))) !== entry.sha256)
      problems.push(`${path}: changed, its sha256 differs from the signed manifest`);
  }
  for (const path of listed.keys())
    if (!present.includes(path)) problems.push(`${path}: removed, listed in the signed manifest but missing`);
  // Nothing is unpacked or parsed from files that do not match what was signed.
  if (problems.length > 0) return done();
  checks.push(`${listed.size} files match their signed sha256 digests, none added or removed`);

  try {
    const statement = signatures.attestation(
      signed?.provenanceSignature ?? readFileSync(join(dir, PROVENANCE_SIGNATURE_FILE), "utf8"),
    ) as ProvenanceStatement;
    checks.push(`${PROVENANCE_SIGNATURE_FILE}: DSSE signature verifies`);
    const predicate = statement.predicate as {
      buildDefinition?: {
        buildType?: string;
        externalParameters?: { source?: { digest?: { gitCommit?: string } } };
      };
      runDetails?: { builder?: { id?: string } };
    };
    seen.provenance = {
      builderId: predicate.runDetails?.builder?.id ?? "",
      buildType: predicate.buildDefinition?.buildType ?? "",
      sourceCommit: predicate.buildDefinition?.externalParameters?.source?.digest?.gitCommit ?? "",
    };
    if (seen.provenance.buildType !== BUILD_TYPE)
      problems.push(`provenance: build type ${seen.provenance.buildType || "(none)"} is not ${BUILD_TYPE}`);
    if (seen.provenance.sourceCommit !== manifest.sourceCommit)
      problems.push(
        `provenance: source commit ${seen.provenance.sourceCommit} is not the manifest's ${manifest.sourceCommit}`,
      );
    const copyPath = join(dir, PROVENANCE_FILE);
    if (existsSync(copyPath)) {
      // The readable copy beside the signature must say what was signed.
      const copy = JSON.parse(readFileSync(copyPath, "utf8")) as unknown;
      if (canonicalJson(copy) !== canonicalJson(statement))
        problems.push(
          `${PROVENANCE_FILE}: differs from the signed provenance in ${PROVENANCE_SIGNATURE_FILE}`,
        );
      else checks.push(`${PROVENANCE_FILE}: the signed provenance, as signed`);
    }
    if (statement.predicateType !== "https://slsa.dev/provenance/v1")
      problems.push(`provenance: unexpected predicate type ${statement.predicateType}`);
    // The manifest binds every file (checked above), so the provenance binds the manifest; the
    // only other subject is the release's archive, which is outside the folder.
    const subjects = statement.subject;
    const manifestSubject = subjects.find((x) => x.name === MANIFEST_FILE);
    const others = subjects.filter((x) => x.name !== MANIFEST_FILE && x.name !== `${manifest.name}.tar.gz`);
    if (manifestSubject?.digest.sha256 !== sha256Hex(manifestBytes))
      problems.push(`provenance: no subject ${MANIFEST_FILE} with this manifest's sha256`);
    else if (others.length > 0)
      problems.push(
        `provenance: subjects that are not this release's (${others
          .slice(0, 5)
          .map((x) => x.name)
          .join(", ")})`,
      );
    else
      checks.push(
        `provenance: its subjects are this manifest (binding the ${listed.size} files) and the release archive`,
      );
  } catch (e) {
    problems.push(`${PROVENANCE_SIGNATURE_FILE}: does not verify (${(e as Error).message})`);
  }

  const bundlePath = join(dir, "bundle.tar.gz");
  if (existsSync(bundlePath)) {
    const opaProblems = verifyOpaBundleSignature(readFileSync(bundlePath), opaPub);
    if (opaProblems.length === 0)
      checks.push("bundle.tar.gz: OPA bundle signature (.signatures.json) verifies and covers every file");
    else problems.push(...opaProblems.map((p) => `bundle.tar.gz: ${p}`));
  } else if (!problems.some((p) => p.startsWith("bundle.tar.gz"))) {
    problems.push("bundle.tar.gz: missing");
  }
  return done(manifest.signing?.development === true);
}
