import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SigningKeys } from "@tollgate/release";
import { requireTool, runCommand } from "@tollgate/toolchain";

/**
 * A cosign key pair (password "test-password") and an RSA pair for OPA's bundle signature, made
 * for the test in `dir`.
 *
 * @param dir - an empty folder
 * @returns the keys
 */
export async function makeKeys(dir: string): Promise<SigningKeys> {
  const r = await runCommand(await requireTool("cosign"), ["generate-key-pair"], {
    cwd: dir,
    env: { COSIGN_PASSWORD: "test-password" },
  });
  if (r.code !== 0) throw new Error(r.stderr);
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(join(dir, "opa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(dir, "opa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  return {
    cosignKey: join(dir, "cosign.key"),
    cosignPub: join(dir, "cosign.pub"),
    opaKey: join(dir, "opa.key"),
    opaPub: join(dir, "opa.pub"),
    development: false,
  };
}
