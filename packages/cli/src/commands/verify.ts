import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { devKeysDir, DEVELOPMENT_NOTICE, verifyRelease } from "@tollgate/release";

/** Usage of `tollgate verify`. */
export const VERIFY_USAGE = [
  "usage: tollgate verify DIR [--key FILE] [--opa-key FILE]",
  "",
  "Checks a release folder offline: the cosign signature over the manifest (@sigstore/verify),",
  "every file's sha256 against the signed manifest (no file changed, added or removed), the",
  "signed SLSA provenance and its subjects, and OPA's own signature inside bundle.tar.gz.",
  "",
  "  --key FILE      cosign public key (default: the development key in ~/.config/tollgate/dev-keys)",
  "  --opa-key FILE  RSA public key (PEM) of the OPA bundle signature (default: the development one)",
  "",
  "Exit 0 when everything verifies, 1 when anything does not.",
].join("\n");

/**
 * Runs `tollgate verify`.
 *
 * @param args - the arguments after `verify`
 * @returns the exit code
 */
export async function runVerify(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { key: { type: "string" }, "opa-key": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [target] = positionals;
  if (!target) throw new Error("give a release folder (see tollgate verify --help)");
  const cosignPub = values.key ? resolve(values.key) : join(devKeysDir(), "cosign.pub");
  const opaPub = values["opa-key"] ? resolve(values["opa-key"]) : join(devKeysDir(), "opa-bundle.pub");
  for (const k of [cosignPub, opaPub]) if (!existsSync(k)) throw new Error(`public key ${k} not found: pass --key/--opa-key`);
  if (!values.key) process.stderr.write(`verifying with the development key ${cosignPub}\n`);
  const report = verifyRelease(resolve(target), { cosignPub: readFileSync(cosignPub, "utf8"), opaPub: readFileSync(opaPub, "utf8") });
  for (const c of report.checks) process.stdout.write(`  ✔ ${c}\n`);
  for (const p of report.problems) process.stdout.write(`  ✘ ${p}\n`);
  if (report.development) process.stdout.write(`  ! ${DEVELOPMENT_NOTICE}\n`);
  process.stdout.write(report.ok ? "verified\n" : `NOT VERIFIED: ${report.problems.length} problems\n`);
  return report.ok ? 0 : 1;
}
