import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Library } from "@tollgate/artifacts";
import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";
import { requireTool, runCommand } from "@tollgate/toolchain";
import type { SigningKeys } from "./signing-keys.js";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A small slice of both libraries, so release tests stay quick. */
export const SMALL_LIBRARIES: Library[] = [
  {
    name: "policies-kyverno",
    dir: "policies-kyverno",
    rules: KYVERNO_RULES.filter((r) =>
      ["require-run-as-nonroot", "disallow-privilege-escalation"].includes(r.meta.id),
    ),
  },
  {
    name: "policies-opa",
    dir: "policies-opa",
    rules: OPA_RULES.filter((r) => ["k8sallowedrepos", "k8sdisallowedtags"].includes(r.meta.id)),
  },
];

/**
 * A fresh cosign key pair (password "test-password") and RSA pair made for the test.
 *
 * @param label - a folder name hint
 * @returns the keys
 */
export async function makeTestKeys(label: string): Promise<SigningKeys> {
  const dir = mkdtempSync(join(tmpdir(), `tollgate-keys-${label}-`));
  const cosign = await requireTool("cosign");
  const r = await runCommand(cosign, ["generate-key-pair"], {
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
