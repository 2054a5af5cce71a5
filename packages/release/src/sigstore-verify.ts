import { createHash, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";

function keyHint(pem: string): string {
  // cosign's hint is the base64 SHA-256 of the DER public key.
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

function verifierFor(publicKeyPem: string): Verifier {
  const hint = keyHint(publicKeyPem);
  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  const keys = { [hint]: { rawBytes: der } };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const material = toTrustMaterial(trustedRoot as any, keys as any);
  return new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
}

/**
 * Verifies a Sigstore bundle over a file with `@sigstore/verify`, offline, against a public key.
 *
 * @param publicKeyPem - the public key (PEM)
 * @param bundleJson - the Sigstore bundle's JSON text
 * @param artifact - the signed bytes
 * @throws when the signature does not verify
 */
export function verifyBlobBundle(publicKeyPem: string, bundleJson: string, artifact: Buffer): void {
  const bundle = bundleFromJSON(JSON.parse(bundleJson));
  verifierFor(publicKeyPem).verify(toSignedEntity(bundle, artifact));
}

/**
 * Verifies a DSSE Sigstore bundle (an attestation) offline against a public key and returns
 * the statement it carries. Subject digests are the caller's to check.
 *
 * @param publicKeyPem - the public key (PEM)
 * @param bundleJson - the Sigstore bundle's JSON text
 * @returns the in-toto statement
 */
export function verifyAttestationBundle(publicKeyPem: string, bundleJson: string): unknown {
  const parsed = JSON.parse(bundleJson) as { dsseEnvelope?: { payload: string; payloadType: string } };
  if (!parsed.dsseEnvelope) throw new Error("the bundle holds no DSSE envelope");
  const bundle = bundleFromJSON(parsed);
  verifierFor(publicKeyPem).verify(toSignedEntity(bundle));
  return JSON.parse(Buffer.from(parsed.dsseEnvelope.payload, "base64").toString("utf8"));
}

/**
 * Reads a PEM public key file.
 *
 * @param path - the file
 * @returns PEM text
 */
export function readPublicKey(path: string): string {
  return readFileSync(path, "utf8");
}
