import { requireTool, runCommand, type CommandResult } from "@tollgate/toolchain";
import { keylessVerifyFlags, type KeylessIdentity } from "./keyless.js";
import { isLoopbackRegistry, parseOciReference } from "./oci-reference.js";

/** Flags that keep cosign offline: no signing config, no transparency log upload. */
export const OFFLINE_SIGNING_FLAGS = ["--use-signing-config=false", "--tlog-upload=false"];

/**
 * How cosign signs: with a key file (offline, no transparency log), or keyless with an OIDC
 * identity (Fulcio certificate, Rekor entry: needs the network and a token).
 */
export type CosignSigner = { readonly key: string } | { readonly keyless: KeylessIdentity };

/** What cosign trusts when verifying: a public key file, or a keyless certificate identity. */
export type CosignTrust = { readonly pub: string } | { readonly keyless: KeylessIdentity };

/** The cosign predicate types Tollgate attaches to its OCI artifacts. */
export type AttestationType = "cyclonedx" | "slsaprovenance1";

async function cosign(args: string[], password?: string): Promise<CommandResult> {
  const bin = await requireTool("cosign");
  return runCommand(bin, args, {
    env: { COSIGN_PASSWORD: password ?? process.env["COSIGN_PASSWORD"] ?? "" },
    timeoutMs: 5 * 60_000,
  });
}

function check(r: CommandResult, what: string): void {
  if (r.code !== 0)
    throw new Error(
      `${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ")}`,
    );
}

function signerFlags(signer: CosignSigner | string): string[] {
  if (typeof signer === "string") return ["--key", signer, ...OFFLINE_SIGNING_FLAGS];
  if ("key" in signer) return ["--key", signer.key, ...OFFLINE_SIGNING_FLAGS];
  const own = signer.keyless.privateCa?.signing;
  if (own)
    return [
      "--key",
      own.key,
      "--certificate",
      own.certificate,
      "--certificate-chain",
      own.chain,
      ...OFFLINE_SIGNING_FLAGS,
    ];
  // Keyless: cosign finds the ambient GitHub Actions token or SIGSTORE_ID_TOKEN itself and uses
  // the public-good signing config (Fulcio, Rekor).
  return signer.keyless.tokenSource === "github-actions" ? ["--oidc-provider", "github-actions"] : [];
}

function trustFlags(trust: CosignTrust): string[] {
  return "pub" in trust
    ? ["--key", trust.pub, "--insecure-ignore-tlog=true"]
    : keylessVerifyFlags(trust.keyless);
}

function registryFlags(ref: string): string[] {
  return isLoopbackRegistry(parseOciReference(ref).registry) ? ["--allow-http-registry"] : [];
}

/**
 * Signs a file, writing a Sigstore bundle (v0.3) beside it.
 *
 * @param signer - a cosign private key file, or a keyless identity
 * @param file - the file to sign
 * @param bundle - where to write the Sigstore bundle
 */
export async function signBlob(signer: CosignSigner | string, file: string, bundle: string): Promise<void> {
  check(
    await cosign(["sign-blob", "--yes", ...signerFlags(signer), "--bundle", bundle, file]),
    "cosign sign-blob",
  );
}

/**
 * Signs an in-toto statement as a DSSE envelope, writing a Sigstore bundle.
 *
 * @param signer - a cosign private key file, or a keyless identity
 * @param statement - the statement file
 * @param bundle - where to write the Sigstore bundle
 */
export async function attestStatement(
  signer: CosignSigner | string,
  statement: string,
  bundle: string,
): Promise<void> {
  check(
    await cosign([
      "attest-blob",
      "--yes",
      ...signerFlags(signer),
      "--statement",
      statement,
      "--bundle",
      bundle,
    ]),
    "cosign attest-blob",
  );
}

/**
 * Verifies a file's Sigstore bundle with `cosign verify-blob`: with a public key, offline; or
 * keyless against a certificate identity (that needs Sigstore's trust root from the network).
 *
 * @param trust - a public key file, or the keyless identity to expect
 * @param file - the signed file
 * @param bundle - its Sigstore bundle
 * @returns cosign's result
 */
export async function cosignVerifyBlob(
  trust: CosignTrust | string,
  file: string,
  bundle: string,
): Promise<CommandResult> {
  return cosign([
    "verify-blob",
    ...trustFlags(typeof trust === "string" ? { pub: trust } : trust),
    "--bundle",
    bundle,
    file,
  ]);
}

/**
 * Verifies a DSSE attestation bundle over a file with `cosign verify-blob-attestation`.
 *
 * @param trust - a public key file, or the keyless identity to expect
 * @param file - a file the statement names as a subject
 * @param bundle - the Sigstore bundle
 * @param type - the predicate type
 * @returns cosign's result
 */
export async function cosignVerifyBlobAttestation(
  trust: CosignTrust,
  file: string,
  bundle: string,
  type: AttestationType,
): Promise<CommandResult> {
  return cosign(["verify-blob-attestation", ...trustFlags(trust), "--bundle", bundle, "--type", type, file]);
}

/**
 * Signs an OCI manifest by digest with `cosign sign`. The signature is a Sigstore bundle
 * attached as an OCI 1.1 referrer; a registry without the referrers API (distribution 2.8)
 * gets it through the referrers tag schema (an index tagged `sha256-<digest>`), which
 * `cosign verify` reads back.
 *
 * @param signer - a cosign private key file, or a keyless identity
 * @param digestRef - `host/repo@sha256:…` (never a tag: a tag can move)
 */
export async function cosignSignImage(signer: CosignSigner, digestRef: string): Promise<void> {
  if (!parseOciReference(digestRef).digest)
    throw new Error(`cosign sign: ${digestRef} is not a digest reference; sign by digest`);
  check(
    await cosign(["sign", "--yes", ...signerFlags(signer), ...registryFlags(digestRef), digestRef]),
    `cosign sign ${digestRef}`,
  );
}

/**
 * Attaches a signed in-toto attestation to an OCI manifest by digest with `cosign attest`.
 *
 * @param signer - a cosign private key file, or a keyless identity
 * @param digestRef - `host/repo@sha256:…`
 * @param predicateFile - the predicate (the SBOM, or the SLSA provenance predicate)
 * @param type - its predicate type
 */
export async function cosignAttestImage(
  signer: CosignSigner,
  digestRef: string,
  predicateFile: string,
  type: AttestationType,
): Promise<void> {
  if (!parseOciReference(digestRef).digest)
    throw new Error(`cosign attest: ${digestRef} is not a digest reference; attest by digest`);
  check(
    await cosign([
      "attest",
      "--yes",
      ...signerFlags(signer),
      ...registryFlags(digestRef),
      "--type",
      type,
      "--predicate",
      predicateFile,
      digestRef,
    ]),
    `cosign attest --type ${type} ${digestRef}`,
  );
}

/**
 * Checks an OCI manifest's cosign signature with `cosign verify`.
 *
 * @param trust - a public key file, or the keyless identity to expect
 * @param ref - the reference (by digest, to check exactly what is used)
 * @returns cosign's result
 */
export async function cosignVerifyImage(trust: CosignTrust, ref: string): Promise<CommandResult> {
  return cosign(["verify", ...trustFlags(trust), ...registryFlags(ref), "--output", "json", ref]);
}

/**
 * Checks an OCI manifest's attestations of one predicate type with `cosign verify-attestation`,
 * and returns the in-toto statements whose signatures verified.
 *
 * @param trust - a public key file, or the keyless identity to expect
 * @param ref - the reference (by digest)
 * @param type - the predicate type
 * @returns cosign's result and the verified statements
 */
export async function cosignVerifyImageAttestation(
  trust: CosignTrust,
  ref: string,
  type: AttestationType,
): Promise<{ result: CommandResult; statements: unknown[] }> {
  const result = await cosign([
    "verify-attestation",
    ...trustFlags(trust),
    ...registryFlags(ref),
    "--type",
    type,
    ref,
  ]);
  const statements: unknown[] = [];
  if (result.code === 0) {
    for (const line of result.stdout.split("\n")) {
      if (!line.trim().startsWith("{")) continue;
      const envelope = JSON.parse(line) as { payload?: string };
      if (envelope.payload)
        statements.push(JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")));
    }
  }
  return { result, statements };
}
