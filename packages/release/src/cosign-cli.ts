import { requireTool, runCommand, type CommandResult } from "@tollgate/toolchain";

/** Flags that keep cosign offline: no signing config, no transparency log upload. */
export const OFFLINE_SIGNING_FLAGS = ["--use-signing-config=false", "--tlog-upload=false"];

async function cosign(args: string[], password?: string): Promise<CommandResult> {
  const bin = await requireTool("cosign");
  return runCommand(bin, args, { env: { COSIGN_PASSWORD: password ?? process.env["COSIGN_PASSWORD"] ?? "" } });
}

function check(r: CommandResult, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ")}`);
}

/**
 * Signs a file with a cosign key, writing a Sigstore bundle (v0.3) beside it.
 *
 * @param key - cosign private key
 * @param file - the file to sign
 * @param bundle - where to write the Sigstore bundle
 */
export async function signBlob(key: string, file: string, bundle: string): Promise<void> {
  check(await cosign(["sign-blob", "--yes", "--key", key, ...OFFLINE_SIGNING_FLAGS, "--bundle", bundle, file]), "cosign sign-blob");
}

/**
 * Signs an in-toto statement as a DSSE envelope with a cosign key, writing a Sigstore bundle.
 *
 * @param key - cosign private key
 * @param statement - the statement file
 * @param bundle - where to write the Sigstore bundle
 */
export async function attestStatement(key: string, statement: string, bundle: string): Promise<void> {
  check(await cosign(["attest-blob", "--yes", "--key", key, ...OFFLINE_SIGNING_FLAGS, "--statement", statement, "--bundle", bundle]), "cosign attest-blob");
}

/**
 * Verifies a file's Sigstore bundle with `cosign verify-blob` and a public key, offline.
 *
 * @param pub - the public key
 * @param file - the signed file
 * @param bundle - its Sigstore bundle
 * @returns cosign's result
 */
export async function cosignVerifyBlob(pub: string, file: string, bundle: string): Promise<CommandResult> {
  return cosign(["verify-blob", "--key", pub, "--bundle", bundle, "--insecure-ignore-tlog=true", file]);
}
