import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  DEPLOY_FOLDERS,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  deployTagOf,
} from "@tollgate/delivery";
import {
  cosignVerifyImage,
  cosignVerifyImageAttestation,
  type AttestationType,
  type CosignTrust,
} from "./cosign-cli.js";
import { canonicalJson, sha256Hex } from "./digests.js";
import { parseOciReference, withDigest, withTag, type OciReference } from "./oci-reference.js";
import {
  EMPTY_CONFIG,
  OCI_IMAGE_CONFIG_MEDIA_TYPE,
  OPA_BUNDLE_LAYER_MEDIA_TYPE,
  RELEASE_ARTIFACT_TYPE,
  RELEASE_TAG_ANNOTATION,
  RELEASE_TAG_SUFFIX,
  releaseTagOf,
} from "./oci-layout.js";
import { orasFetchManifest, orasPull, orasResolve } from "./oras-cli.js";
import type { ProvenanceStatement } from "./provenance.js";
import { MANIFEST_SIGNATURE_FILE, PROVENANCE_FILE, PROVENANCE_SIGNATURE_FILE } from "./release-manifest.js";
import { readTarGz } from "./tar-archive.js";
import { verifyRelease, verifyReleaseKeyless, type VerificationReport } from "./verify-release.js";

/** What `tollgate verify OCI-REF` trusts. */
export interface OciVerificationTrust {
  /** The cosign public key file, or the keyless identity the signatures must carry. */
  readonly cosign: CosignTrust;
  /** The OPA bundle's RSA public key (PEM text). */
  readonly opaPub: string;
}

/** What `tollgate verify OCI-REF` found. */
export interface OciVerificationReport extends VerificationReport {
  /** The OPA bundle artifact checked, by digest. */
  readonly bundleRef?: string;
  /** The release artifact checked, by digest. */
  readonly releaseRef?: string;
}

const ATTESTATIONS: readonly AttestationType[] = ["cyclonedx", "slsaprovenance1"];

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .filter((l) => !/^WARNING/.test(l))
      .slice(-1)[0] ?? ""
  );
}

/**
 * Verifies a release in an OCI registry, given the OPA bundle's reference (the one passed to
 * `tollgate release --push`, by tag or digest):
 *
 * 1. resolves it to a digest, and checks from then on only by digest;
 * 2. the bundle artifact has the layout OPA pulls (`{}` image config, one tar+gzip layer);
 * 3. `cosign verify` and `cosign verify-attestation` (CycloneDX SBOM, SLSA v1 provenance) pass
 *    on the bundle artifact and on the release artifact (`<tag>-release`, named by the bundle's
 *    annotation);
 * 4. the release artifact, pulled with `oras`, is a release folder that passes every check of
 *    `tollgate verify DIR` (signatures, digests, provenance, OPA's bundle signature);
 * 5. the bundle layer is the release's `bundle.tar.gz` (same sha256), and the attested SBOM and
 *    provenance are the release's own;
 * 6. each deploy folder of the release has its artifact (`<tag>-<folder>`) in Flux's format,
 *    signed (`cosign verify`), holding exactly the folder's files.
 *
 * @param ref - the OPA bundle artifact's reference
 * @param trust - the cosign key or keyless identity, and OPA's public key
 * @returns what was checked and what is wrong
 */
export async function verifyOciRelease(
  ref: string,
  trust: OciVerificationTrust,
): Promise<OciVerificationReport> {
  const checks: string[] = [];
  const problems: string[] = [];
  let development = false;
  let release: VerificationReport["release"];
  let builtBy: VerificationReport["provenance"];
  let bundleRef: string | undefined;
  let releaseRef: string | undefined;
  const done = (): OciVerificationReport => ({
    ok: problems.length === 0 && checks.length > 0,
    checks,
    problems,
    development,
    ...(release ? { release } : {}),
    ...(builtBy ? { provenance: builtBy } : {}),
    ...(bundleRef ? { bundleRef } : {}),
    ...(releaseRef ? { releaseRef } : {}),
  });
  const work = mkdtempSync(join(tmpdir(), "tollgate-verify-oci-"));
  try {
    let parsed: OciReference;
    try {
      parsed = parseOciReference(ref);
      const digest = await orasResolve(ref);
      if (parsed.digest && parsed.digest !== digest) throw new Error(`${ref} resolves to ${digest}`);
      bundleRef = withDigest(parsed, digest);
      checks.push(`${ref}: resolved to ${digest}; every check below is by digest`);
    } catch (e) {
      problems.push((e as Error).message);
      return done();
    }

    // The bundle artifact's layout.
    let layerDigest = "";
    let releaseTag: string | undefined;
    try {
      const m = await orasFetchManifest(bundleRef);
      if (m.artifactType === RELEASE_ARTIFACT_TYPE) {
        throw new Error(
          `${ref} is the release artifact; give the OPA bundle's reference (the one passed to --push, without ${RELEASE_TAG_SUFFIX})`,
        );
      }
      const layers = m.layers.filter((l) => l.mediaType === OPA_BUNDLE_LAYER_MEDIA_TYPE);
      if (
        m.config.mediaType !== OCI_IMAGE_CONFIG_MEDIA_TYPE ||
        m.config.digest !== `sha256:${sha256Hex(EMPTY_CONFIG)}`
      ) {
        problems.push(
          `bundle artifact: config is ${m.config.mediaType} ${m.config.digest}, not {} of type ${OCI_IMAGE_CONFIG_MEDIA_TYPE}`,
        );
      }
      if (m.layers.length !== 1 || layers.length !== 1)
        problems.push(
          `bundle artifact: ${m.layers.length} layers; OPA's layout has exactly one ${OPA_BUNDLE_LAYER_MEDIA_TYPE} layer`,
        );
      else {
        layerDigest = layers[0]!.digest;
        checks.push(
          `bundle artifact: OPA's layout ({} config, one tar+gzip layer ${layerDigest.slice(0, 19)}…)`,
        );
      }
      releaseTag =
        m.annotations?.[RELEASE_TAG_ANNOTATION] ?? (parsed.tag ? releaseTagOf(parsed.tag) : undefined);
      if (!releaseTag)
        problems.push(
          `bundle artifact: no ${RELEASE_TAG_ANNOTATION} annotation, so the release artifact cannot be found`,
        );
    } catch (e) {
      problems.push(`bundle artifact: ${(e as Error).message}`);
      return done();
    }

    const bundleStatements = await cosignChecks("bundle artifact", bundleRef, trust.cosign, checks, problems);
    if (!releaseTag) return done();

    try {
      const digest = await orasResolve(withTag(parsed, releaseTag));
      releaseRef = withDigest(parsed, digest);
      const m = await orasFetchManifest(releaseRef);
      if (m.artifactType !== RELEASE_ARTIFACT_TYPE)
        throw new Error(`artifact type is ${String(m.artifactType)}, not ${RELEASE_ARTIFACT_TYPE}`);
      checks.push(`release artifact: ${withTag(parsed, releaseTag)} resolved to ${digest}`);
    } catch (e) {
      problems.push(`release artifact :${releaseTag}: ${(e as Error).message}`);
      return done();
    }
    const releaseStatements = await cosignChecks(
      "release artifact",
      releaseRef,
      trust.cosign,
      checks,
      problems,
    );

    // The release folder, from the registry.
    let dir: string;
    try {
      dir = await unpackRelease(releaseRef, work);
    } catch (e) {
      problems.push(`release artifact: ${(e as Error).message}`);
      return done();
    }
    const report =
      "pub" in trust.cosign
        ? verifyRelease(dir, { cosignPub: readFileSync(trust.cosign.pub, "utf8"), opaPub: trust.opaPub })
        : await verifyReleaseKeyless(dir, trust.cosign.keyless, trust.opaPub);
    development = report.development;
    release = report.release;
    builtBy = report.provenance;
    checks.push(...report.checks.map((c) => `release folder: ${c}`));
    problems.push(...report.problems.map((p) => `release folder: ${p}`));

    await checkDeployArtifacts(
      parsed,
      releaseTag.slice(0, -RELEASE_TAG_SUFFIX.length),
      dir,
      trust.cosign,
      work,
      checks,
      problems,
    );

    // The bundle OPA pulls is the release's, and the attestations describe this release.
    if (layerDigest && existsSync(join(dir, "bundle.tar.gz"))) {
      const own = `sha256:${sha256Hex(readFileSync(join(dir, "bundle.tar.gz")))}`;
      if (own === layerDigest)
        checks.push("bundle artifact: its layer is the release's bundle.tar.gz (same sha256)");
      else
        problems.push(
          `bundle artifact: its layer ${layerDigest} is not the release's bundle.tar.gz (${own})`,
        );
    }
    const sbom = existsSync(join(dir, "sbom.cdx.json"))
      ? canonicalJson(JSON.parse(readFileSync(join(dir, "sbom.cdx.json"), "utf8")))
      : "";
    const provenance = existsSync(join(dir, PROVENANCE_FILE))
      ? canonicalJson(
          (JSON.parse(readFileSync(join(dir, PROVENANCE_FILE), "utf8")) as ProvenanceStatement).predicate,
        )
      : "";
    for (const [what, statements] of [
      ["bundle artifact", bundleStatements],
      ["release artifact", releaseStatements],
    ] as const) {
      for (const [type, expected] of [
        ["cyclonedx", sbom],
        ["slsaprovenance1", provenance],
      ] as const) {
        const found = statements.get(type) ?? [];
        if (found.length === 0) continue; // already reported by cosignChecks
        if (found.some((s) => canonicalJson((s as { predicate?: unknown }).predicate) === expected))
          checks.push(
            `${what}: the ${type} attestation is this release's ${type === "cyclonedx" ? "SBOM" : "provenance"}`,
          );
        else
          problems.push(
            `${what}: no verified ${type} attestation carries this release's ${type === "cyclonedx" ? "SBOM" : "provenance"}`,
          );
      }
    }
    return done();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function cosignChecks(
  what: string,
  digestRef: string,
  trust: CosignTrust,
  checks: string[],
  problems: string[],
): Promise<Map<AttestationType, unknown[]>> {
  const statements = new Map<AttestationType, unknown[]>();
  const signed = await cosignVerifyImage(trust, digestRef);
  if (signed.code === 0)
    checks.push(`${what}: cosign verify passes (${"pub" in trust ? "the given key" : "keyless identity"})`);
  else problems.push(`${what}: cosign verify fails: ${lastLine(signed.stderr || signed.stdout)}`);
  for (const type of ATTESTATIONS) {
    const a = await cosignVerifyImageAttestation(trust, digestRef, type);
    if (a.result.code === 0 && a.statements.length > 0) {
      checks.push(`${what}: cosign verify-attestation --type ${type} passes`);
      statements.set(type, a.statements);
    } else {
      problems.push(
        `${what}: cosign verify-attestation --type ${type} fails: ${lastLine(a.result.stderr || a.result.stdout) || "no attestation"}`,
      );
    }
  }
  return statements;
}

async function unpackRelease(releaseRef: string, work: string): Promise<string> {
  const pulled = join(work, "pulled");
  await orasPull(releaseRef, pulled);
  const tarballs = readdirSync(pulled).filter((f) => f.endsWith(".tar.gz"));
  if (tarballs.length !== 1) throw new Error(`expected one release tarball, found ${tarballs.length}`);
  const entries = readTarGz(readFileSync(join(pulled, tarballs[0]!)));
  const top = new Set(entries.map((e) => e.path.split("/")[0]));
  if (top.size !== 1) throw new Error("the release tarball does not hold exactly one top folder");
  const dir = join(work, "release", [...top][0]!);
  for (const e of entries) {
    const target = join(work, "release", e.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.content);
  }
  for (const f of [MANIFEST_SIGNATURE_FILE, PROVENANCE_FILE, PROVENANCE_SIGNATURE_FILE]) {
    if (existsSync(join(pulled, f))) copyFileSync(join(pulled, f), join(dir, f));
  }
  return dir;
}

/**
 * Every deploy folder of the release is in the registry as Flux reads it, signed, and holds
 * exactly the folder's files (what a GitOps controller applies is what was verified).
 */
async function checkDeployArtifacts(
  parsed: OciReference,
  bundleTag: string,
  dir: string,
  trust: CosignTrust,
  work: string,
  checks: string[],
  problems: string[],
): Promise<void> {
  for (const d of DEPLOY_FOLDERS) {
    const folder = join(dir, d.folder);
    if (!existsSync(folder)) continue;
    const tag = deployTagOf(bundleTag, d.folder);
    const what = `deploy artifact :${tag}`;
    try {
      const digest = await orasResolve(withTag(parsed, tag));
      const digestRef = withDigest(parsed, digest);
      const m = await orasFetchManifest(digestRef);
      if (
        m.config.mediaType !== FLUX_CONFIG_MEDIA_TYPE ||
        m.config.digest !== `sha256:${sha256Hex(EMPTY_CONFIG)}`
      )
        throw new Error(`config is ${m.config.mediaType}, not {} of type ${FLUX_CONFIG_MEDIA_TYPE}`);
      if (m.layers.length !== 1 || m.layers[0]!.mediaType !== FLUX_CONTENT_MEDIA_TYPE)
        throw new Error(`Flux reads one ${FLUX_CONTENT_MEDIA_TYPE} layer; it has ${m.layers.length} layers`);
      const signed = await cosignVerifyImage(trust, digestRef);
      if (signed.code !== 0)
        throw new Error(`cosign verify fails: ${lastLine(signed.stderr || signed.stdout)}`);
      const pulled = join(work, `deploy-${tag}`);
      await orasPull(digestRef, pulled);
      const layers = readdirSync(pulled);
      const entries = readTarGz(readFileSync(join(pulled, layers[0]!)));
      const expected = readdirSync(folder).sort();
      const got = entries.map((e) => e.path).sort();
      if (JSON.stringify(got) !== JSON.stringify(expected))
        throw new Error(`holds ${got.join(", ")}; the release's ${d.folder} holds ${expected.join(", ")}`);
      const differs = entries
        .filter((e) => !readFileSync(join(folder, e.path)).equals(e.content))
        .map((e) => e.path);
      if (differs.length > 0) throw new Error(`${differs.join(", ")} differ from the release's ${d.folder}`);
      checks.push(
        `${what} (${digest}): Flux's format, cosign verify passes, exactly the ${expected.length} files of ${d.folder}`,
      );
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  }
}
