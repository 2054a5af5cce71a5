import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { requireTool, runCommand } from "@tollgate/toolchain";

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
export const DEVELOPMENT_NOTICE = "DEVELOPMENT SIGNATURE: signed with a local development key made on first use, not a release key";

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
    const r = await runCommand(cosign, ["generate-key-pair"], { cwd: dir, env: { ...process.env, COSIGN_PASSWORD: "" } });
    if (r.code !== 0) throw new Error(`cosign generate-key-pair failed: ${r.stderr.trim()}`);
  }
  if (!existsSync(keys.opaKey)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
    writeFileSync(keys.opaKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(keys.opaPub, publicKey.export({ type: "spki", format: "pem" }));
  }
  const readme = join(dir, "README");
  if (!existsSync(readme)) {
    writeFileSync(readme, `Tollgate development signing keys, made on first use by 'tollgate release'.\nFOR DEVELOPMENT ONLY: releases signed with them say so. Use --key (cosign) and --opa-key for real releases, or keyless signing in CI.\n`);
  }
  return keys;
}

/**
 * Keys given on the command line: a cosign key (its public half beside it as `.pub`, or given),
 * and an OPA bundle RSA key.
 *
 * @param cosignKey - cosign private key file
 * @param opaKey - RSA private key (PEM) for the OPA bundle; a development one when absent
 * @returns the keys
 */
export async function keysFromFiles(cosignKey: string, opaKey?: string): Promise<SigningKeys> {
  const cosignPub = cosignKey.replace(/\.key$/, "") + ".pub";
  if (!existsSync(cosignKey)) throw new Error(`--key ${cosignKey}: no such file`);
  if (!existsSync(cosignPub)) throw new Error(`--key ${cosignKey}: its public key ${cosignPub} is missing (cosign generate-key-pair writes both)`);
  const dev = await ensureDevelopmentKeys();
  const opa = opaKey ?? dev.opaKey;
  const opaPub = opaKey ? opaKey.replace(/\.(key|pem)$/, "") + ".pub" : dev.opaPub;
  if (!existsSync(opaPub)) throw new Error(`--opa-key ${opa}: its public key ${opaPub} is missing`);
  readFileSync(cosignKey);
  return { cosignKey, cosignPub, opaKey: opa, opaPub, development: false };
}
