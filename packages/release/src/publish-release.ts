import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  DEPLOY_FOLDERS,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  deployTagOf,
} from "@tollgate/delivery";
import {
  cosignAttestImage,
  cosignSignImage,
  type AttestationType,
  type CosignSigner,
  type CosignTrust,
} from "./cosign-cli.js";
import { canonicalJson } from "./digests.js";
import type { GateStep } from "./gate-board.js";
import { parseOciReference, withDigest, withTag } from "./oci-reference.js";
import {
  EMPTY_CONFIG,
  IN_TOTO_MEDIA_TYPE,
  longestTagOf,
  OCI_IMAGE_CONFIG_MEDIA_TYPE,
  OPA_BUNDLE_LAYER_MEDIA_TYPE,
  RELEASE_ARTIFACT_TYPE,
  RELEASE_TAG_ANNOTATION,
  RELEASE_TARBALL_MEDIA_TYPE,
  releaseTagOf,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
} from "./oci-layout.js";
import { orasPush } from "./oras-cli.js";
import { createTarGz } from "./tar-archive.js";
import type { ProvenanceStatement } from "./provenance.js";
import { MANIFEST_SIGNATURE_FILE, PROVENANCE_FILE, PROVENANCE_SIGNATURE_FILE } from "./release-manifest.js";
import type { ReleaseResult } from "./create-release.js";
import { verifyOciRelease } from "./verify-oci-release.js";

/** Where and how a release is published. */
export interface PublishOptions {
  /** The OPA bundle's reference, with a tag (`127.0.0.1:5000/tollgate/policies:0.1.0`). */
  readonly ref: string;
  /** How cosign signs the two artifacts and their attestations. */
  readonly signer: CosignSigner;
  /** What the check after the push trusts: the cosign public key or keyless identity, and OPA's public key (PEM). */
  readonly trust: { readonly cosign: CosignTrust; readonly opaPub: string };
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** One artifact as pushed. */
export interface PushedArtifact {
  /** By tag (`host/repo:tag`). */
  readonly ref: string;
  /** The manifest digest (`sha256:…`). */
  readonly digest: string;
  /** By digest (`host/repo@sha256:…`): what was signed. */
  readonly digestRef: string;
}

/** What publishing did. */
export interface PublishResult {
  readonly ok: boolean;
  /** The deploy folders' artifacts (Flux's format), by folder, once pushed. */
  readonly deploy?: Readonly<Record<string, PushedArtifact>>;
  /** The gate board's steps: push, oci signature, oci verification. */
  readonly steps: GateStep[];
  /** The OPA bundle artifact, once pushed. */
  readonly bundle?: PushedArtifact;
  /** The full release artifact, once pushed. */
  readonly release?: PushedArtifact;
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function short(digest: string): string {
  return `${digest.slice(0, 19)}…`;
}

/**
 * Publishes a release to an OCI registry with the real `oras` and `cosign`: pushes the full
 * release (`<tag>-release`: tarball, manifest signature, provenance and its signature), the
 * OPA bundle (`<tag>`, in the layout OPA pulls) and each deploy folder (`<tag>-<folder>`, in
 * Flux's format), signs every one by digest, attaches the CycloneDX
 * SBOM and the SLSA v1 provenance to both as cosign attestations, then verifies what the
 * registry serves as `tollgate verify OCI-REF` does. Each stage is a gate-board step; a red one
 * stops the rest.
 *
 * @param release - a successful release
 * @param o - where to push and how to sign
 * @returns the steps and the pushed artifacts
 */
export async function publishRelease(release: ReleaseResult, o: PublishOptions): Promise<PublishResult> {
  const log = o.log ?? (() => undefined);
  const steps: GateStep[] = [];
  if (!release.ok)
    return {
      ok: false,
      steps: [{ name: "push", ok: false, figure: "the release is not green: nothing pushed" }],
    };
  const parsed = parseOciReference(o.ref);
  if (!parsed.tag || parsed.digest)
    return {
      ok: false,
      steps: [
        { name: "push", ok: false, figure: `${o.ref}: --push needs a tag and no digest (host/repo:tag)` },
      ],
    };
  const releaseTag = releaseTagOf(parsed.tag);
  const longest = longestTagOf(
    parsed.tag,
    DEPLOY_FOLDERS.map((d) => d.folder),
  );
  if (longest.length > 128)
    return {
      ok: false,
      steps: [{ name: "push", ok: false, figure: `${o.ref}: the tag is too long for ${longest}` }],
    };

  const work = mkdtempSync(join(tmpdir(), "tollgate-publish-"));
  let bundle: PushedArtifact | undefined;
  let full: PushedArtifact | undefined;
  const deploy: Record<string, PushedArtifact> = {};
  try {
    let t = Date.now();
    try {
      log(`pushing the release to ${withTag(parsed, releaseTag)} and the OPA bundle to ${o.ref}`);
      const tarballName = basename(release.tarball);
      copyFileSync(release.tarball, join(work, tarballName));
      for (const f of [MANIFEST_SIGNATURE_FILE, PROVENANCE_FILE, PROVENANCE_SIGNATURE_FILE])
        copyFileSync(join(release.dir, f), join(work, f));
      const releaseRef = withTag(parsed, releaseTag);
      const r = await orasPush({
        ref: releaseRef,
        cwd: work,
        artifactType: RELEASE_ARTIFACT_TYPE,
        files: [
          { name: tarballName, mediaType: RELEASE_TARBALL_MEDIA_TYPE },
          { name: MANIFEST_SIGNATURE_FILE, mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE },
          { name: PROVENANCE_FILE, mediaType: IN_TOTO_MEDIA_TYPE },
          { name: PROVENANCE_SIGNATURE_FILE, mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE },
        ],
        annotations: sourceAnnotations(release),
      });
      full = { ref: releaseRef, digest: r.digest, digestRef: withDigest(parsed, r.digest) };

      copyFileSync(join(release.dir, "bundle.tar.gz"), join(work, "bundle.tar.gz"));
      writeFileSync(join(work, "config.json"), EMPTY_CONFIG);
      const b = await orasPush({
        ref: o.ref,
        cwd: work,
        config: { name: "config.json", mediaType: OCI_IMAGE_CONFIG_MEDIA_TYPE },
        files: [{ name: "bundle.tar.gz", mediaType: OPA_BUNDLE_LAYER_MEDIA_TYPE }],
        annotations: { ...sourceAnnotations(release), [RELEASE_TAG_ANNOTATION]: releaseTag },
      });
      bundle = { ref: o.ref, digest: b.digest, digestRef: withDigest(parsed, b.digest) };
      for (const d of DEPLOY_FOLDERS) {
        const folder = join(release.dir, d.folder);
        if (!existsSync(folder)) continue;
        const layer = `${deployTagOf("deploy", d.folder)}.tar.gz`;
        writeFileSync(
          join(work, layer),
          createTarGz(
            readdirSync(folder)
              .sort()
              .map((f) => ({ path: f, content: readFileSync(join(folder, f)) })),
          ),
        );
        writeFileSync(join(work, "flux-config.json"), EMPTY_CONFIG);
        const ref = withTag(parsed, deployTagOf(parsed.tag, d.folder));
        const pushed = await orasPush({
          ref,
          cwd: work,
          config: { name: "flux-config.json", mediaType: FLUX_CONFIG_MEDIA_TYPE },
          files: [{ name: layer, mediaType: FLUX_CONTENT_MEDIA_TYPE }],
          annotations: sourceAnnotations(release),
        });
        deploy[d.folder] = { ref, digest: pushed.digest, digestRef: withDigest(parsed, pushed.digest) };
      }
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
      steps.push({
        name: "push",
        ok: true,
        figure: `OPA bundle ${o.ref} ${short(b.digest)} (${kb(statSync(join(work, "bundle.tar.gz")).size)}), release :${releaseTag} ${short(r.digest)} (${kb(statSync(release.tarball).size)} tarball), ${Object.keys(deploy).length} deploy folders in Flux's format (:${parsed.tag}-<folder>) in ${seconds(t)}`,
      });
    } catch (e) {
      steps.push({ name: "push", ok: false, figure: (e as Error).message });
      return { ok: false, steps, ...(bundle ? { bundle } : {}), ...(full ? { release: full } : {}) };
    }

    t = Date.now();
    try {
      const sbom = join(release.dir, "sbom.cdx.json");
      const predicate = join(work, "provenance.predicate.json");
      writeFileSync(
        predicate,
        canonicalJson(
          (JSON.parse(readFileSync(join(release.dir, PROVENANCE_FILE), "utf8")) as ProvenanceStatement)
            .predicate,
        ),
      );
      const attestations: [string, AttestationType][] = [
        [sbom, "cyclonedx"],
        [predicate, "slsaprovenance1"],
      ];
      // One artifact at a time, one signature at a time: without the referrers API, cosign
      // records each in an index under the tag sha256-<digest>, read and rewritten each time.
      for (const a of [bundle, full]) {
        log(`signing ${a.digestRef}`);
        await cosignSignImage(o.signer, a.digestRef);
        for (const [file, type] of attestations) await cosignAttestImage(o.signer, a.digestRef, file, type);
      }
      // What a Flux OCIRepository verifies (spec.verify.provider: cosign) is the signature.
      for (const a of Object.values(deploy)) {
        log(`signing ${a.digestRef}`);
        await cosignSignImage(o.signer, a.digestRef);
      }
      const how =
        "key" in o.signer
          ? "key"
          : `keyless as ${o.signer.keyless.identity ?? o.signer.keyless.identityRegexp ?? "?"}`;
      steps.push({
        name: "oci signature",
        ok: true,
        figure: `${2 + Object.keys(deploy).length} artifacts signed by digest with cosign (${how}), SBOM (cyclonedx) and SLSA v1 provenance attested on the bundle and the release, in ${seconds(t)}`,
      });
    } catch (e) {
      steps.push({ name: "oci signature", ok: false, figure: (e as Error).message });
      return { ok: false, steps, bundle, release: full, deploy };
    }

    t = Date.now();
    log(`verifying ${bundle.digestRef} as tollgate verify does`);
    const report = await verifyOciRelease(bundle.digestRef, o.trust);
    steps.push({
      name: "oci verification",
      ok: report.ok,
      figure: report.ok
        ? `${report.checks.length} checks passed on what the registry serves (cosign verify, verify-attestation, release folder, bundle layer) in ${seconds(t)}`
        : report.problems.join("; "),
    });
    return { ok: steps.every((s) => s.ok), steps, bundle, release: full, deploy };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sourceAnnotations(release: ReleaseResult): Record<string, string> {
  const created = new Date((release.source?.dateEpoch ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    "org.opencontainers.image.created": created,
    "org.opencontainers.image.version": release.version,
    ...(release.source ? { "org.opencontainers.image.revision": release.source.commit } : {}),
  };
}
