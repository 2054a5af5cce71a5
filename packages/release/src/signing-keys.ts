import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { requireTool, runCommand } from "@tollgate/toolchain";
import type { CosignSigner, CosignTrust } from "./cosign-cli.js";
import { keylessIdentityFromEnv, type KeylessIdentity } from "./keyless.js";

/** The keys a release is signed with. */
export interface SigningKeys {
  /** cosign private key (encrypted; password in `COSIGN_PASSWORD`). */
  readonly cosignKey: string;
  /** cosign public key. */
  readonly cosignPub: string;
  /** RSA private key (PEM) for OPA's bundle signature. */
  readonly opaKey: string;
  /** RSA public key (PEM) for OPA's bundle signature verification. */
  readonly opaPub: string;
  /** True for the development keys made on first use. */
  readonly development: boolean;
}

/** Marks every output signed with development keys. */
export const DEVELOPMENT_NOTICE =
  "DEVELOPMENT SIGNATURE: signed with a local development key made on first use, not a release key";

/**
 * Where the development keys live: `TOLLGATE_DEV_KEYS_DIR`, or `~/.config/tollgate/dev-keys`
 * (outside the repository).
 *
 * @returns the folder
 */
export function devKeysDir(): string {
  return process.env["TOLLGATE_DEV_KEYS_DIR"] ?? join(homedir(), ".config", "tollgate", "dev-keys");
}

/**
 * The development signing keys, made on first use outside the tree: a cosign key pair
 * (empty password) and an RSA key pair for OPA bundle signing, with a README that says what
 * they are.
 *
 * @param dir - where to keep them
 * @returns the keys
 */
export async function ensureDevelopmentKeys(dir: string = devKeysDir()): Promise<SigningKeys> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys: SigningKeys = {
    cosignKey: join(dir, "cosign.key"),
    cosignPub: join(dir, "cosign.pub"),
    opaKey: join(dir, "opa-bundle.key"),
    opaPub: join(dir, "opa-bundle.pub"),
    development: true,
  };
  if (!existsSync(keys.cosignKey)) {
    const cosign = await requireTool("cosign");
    const r = await runCommand(cosign, ["generate-key-pair"], {
      cwd: dir,
      env: { ...process.env, COSIGN_PASSWORD: "" },
    });
    if (r.code !== 0) throw new Error(`cosign generate-key-pair failed: ${r.stderr.trim()}`);
  }
  if (!existsSync(keys.opaKey)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
    writeFileSync(keys.opaKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(keys.opaPub, publicKey.export({ type: "spki", format: "pem" }));
  }
  const readme = join(dir, "README");
  if (!existsSync(readme)) {
    writeFileSync(
      readme,
      `Tollgate development signing keys, made on first use by 'tollgate release'.\nFOR DEVELOPMENT ONLY: releases signed with them say so. Use --key (cosign) and --opa-key for real releases, or keyless signing in CI.\n`,
    );
  }
  return keys;
}

/**
 * Keys given on the command line: a cosign key (its public half beside it as `.pub`, or given),
 * and an OPA bundle RSA key.
 *
 * @param cosignKey - cosign private key file
 * @param opaKey - RSA private key (PEM) for the OPA bundle; a development one when absent, and
 *   then the release is a development release (its manifest says so, and so does every output):
 *   a bundle signed with an unencrypted key kept on this machine is not a release key's
 * @returns the keys
 */
export async function keysFromFiles(cosignKey: string, opaKey?: string): Promise<SigningKeys> {
  const cosignPub = cosignKey.replace(/\.key$/, "") + ".pub";
  if (!existsSync(cosignKey)) throw new Error(`--key ${cosignKey}: no such file`);
  if (!existsSync(cosignPub))
    throw new Error(
      `--key ${cosignKey}: its public key ${cosignPub} is missing (cosign generate-key-pair writes both)`,
    );
  const dev = await ensureDevelopmentKeys();
  const opa = opaKey ?? dev.opaKey;
  const opaPub = opaKey ? opaKey.replace(/\.(key|pem)$/, "") + ".pub" : dev.opaPub;
  if (!existsSync(opaPub)) throw new Error(`--opa-key ${opa}: its public key ${opaPub} is missing`);
  readFileSync(cosignKey);
  return { cosignKey, cosignPub, opaKey: opa, opaPub, development: opaKey === undefined };
}

/**
 * Keyless release signing: cosign signs with an OIDC identity (Fulcio certificate, Rekor entry)
 * instead of a key. OPA checks bundles only with its own keys, so the bundle signature still
 * needs an RSA key pair.
 */
export interface KeylessSigningKeys {
  readonly keyless: KeylessIdentity;
  /** RSA private key (PEM) for OPA's bundle signature. */
  readonly opaKey: string;
  /** RSA public key (PEM) for OPA's bundle signature verification. */
  readonly opaPub: string;
  readonly development: false;
}

/** How a release is signed: a cosign key pair, or keyless. */
export type ReleaseSigning = SigningKeys | KeylessSigningKeys;

/**
 * Keys for keyless signing, checked before anything is built: an OIDC token must be available
 * (it fails closed with a message saying how to get one), and the OPA bundle key must be given
 * with its public half beside it.
 *
 * @param opaKey - RSA private key (PEM) for the OPA bundle
 * @param env - the environment (where the OIDC token is found)
 * @returns the keys
 * @throws when no OIDC token is available, or the OPA key is missing
 */
export function keylessSigningKeys(
  opaKey: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): KeylessSigningKeys {
  const keyless = keylessIdentityFromEnv(env);
  if (!opaKey) {
    throw new Error(
      "keyless signing covers cosign only; OPA verifies its bundle with its own RSA key: pass --opa-key FILE (in CI, written from a secret), its public half beside it as .pub",
    );
  }
  const opaPub = opaKey.replace(/\.(key|pem)$/, "") + ".pub";
  if (!existsSync(opaKey)) throw new Error(`--opa-key ${opaKey}: no such file`);
  if (!existsSync(opaPub)) throw new Error(`--opa-key ${opaKey}: its public key ${opaPub} is missing`);
  return { keyless, opaKey, opaPub, development: false };
}

/**
 * How cosign signs with these keys.
 *
 * @param keys - the release's keys
 * @returns the cosign signer
 */
export function cosignSignerOf(keys: ReleaseSigning): CosignSigner {
  return "keyless" in keys ? { keyless: keys.keyless } : { key: keys.cosignKey };
}

/**
 * What cosign trusts to verify a release signed with these keys.
 *
 * @param keys - the release's keys
 * @returns the cosign trust
 */
export function cosignTrustOf(keys: ReleaseSigning): CosignTrust {
  return "keyless" in keys ? { keyless: keys.keyless } : { pub: keys.cosignPub };
}
