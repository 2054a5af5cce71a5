import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "@tollgate/toolchain";

/** The certificates of one test cluster, as files and as PEM text. */
export interface ClusterCertificates {
  /** The folder that holds them. */
  readonly dir: string;
  /** The run's certificate authority (PEM file). */
  readonly caFile: string;
  /** The CA certificate's PEM text. */
  readonly caPem: string;
  /** The serving certificate for 127.0.0.1 and localhost, used by the API server and the webhooks. */
  readonly servingCertFile: string;
  /** The serving certificate's key. */
  readonly servingKeyFile: string;
  /** The admin client certificate (`O=system:masters`). */
  readonly adminCertFile: string;
  /** The admin client certificate's key. */
  readonly adminKeyFile: string;
  /** The key pair that signs service-account tokens (private key; the API server derives the public one). */
  readonly serviceAccountKeyFile: string;
}

/** A new P-256 key, unencrypted: the run's keys live as long as the run. */
const NEW_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  const result = await runCommand("openssl", args, { cwd: dir, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr.trim()}`);
}

async function signedCertificate(
  dir: string,
  name: string,
  subject: string,
  extensions: readonly string[],
): Promise<void> {
  await openssl(dir, [
    "req",
    "-new",
    ...NEW_EC_KEY,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    subject,
  ]);
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join("\n")}\n`);
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

/**
 * Makes a certificate authority for one run, a serving certificate for 127.0.0.1 signed by it,
 * an admin client certificate in the `system:masters` group, and a service-account signing key.
 * Nothing outlives the run: the keys are made here, in `dir`, and never reused.
 *
 * @param dir - an empty folder of the run
 * @returns the files
 */
export async function makeClusterCertificates(dir: string): Promise<ClusterCertificates> {
  mkdirSync(dir, { recursive: true });
  await openssl(dir, [
    "req",
    "-x509",
    ...NEW_EC_KEY,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=tollgate-test-cluster-ca",
  ]);
  await signedCertificate(dir, "serving", "/CN=127.0.0.1", [
    "basicConstraints=CA:FALSE",
    "keyUsage=digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  await signedCertificate(dir, "admin", "/O=system:masters/CN=tollgate-admin", [
    "basicConstraints=CA:FALSE",
    "keyUsage=digitalSignature,keyEncipherment",
    "extendedKeyUsage=clientAuth",
  ]);
  await openssl(dir, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key"]);
  return {
    dir,
    caFile: join(dir, "ca.crt"),
    caPem: readFileSync(join(dir, "ca.crt"), "utf8"),
    servingCertFile: join(dir, "serving.crt"),
    servingKeyFile: join(dir, "serving.key"),
    adminCertFile: join(dir, "admin.crt"),
    adminKeyFile: join(dir, "admin.key"),
    serviceAccountKeyFile: join(dir, "sa.key"),
  };
}
