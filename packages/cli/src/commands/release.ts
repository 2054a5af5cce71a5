import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createRelease, DEVELOPMENT_NOTICE, ensureDevelopmentKeys, formatGateBoard, keysFromFiles } from "@tollgate/release";
import { ARTIFACT_VERSION } from "./build.js";
import { ALL_RULES, LIBRARIES } from "./libraries.js";
import { readParamsFile } from "./params-file.js";

/** Usage of `tollgate release`. */
export const RELEASE_USAGE = [
  "usage: tollgate release [--out DIR] [--key FILE] [--opa-key FILE] [--params FILE] [--skip-tests]",
  "",
  "Builds, tests and signs a release of both libraries. Runs the test suite first ('npm test' at",
  "the repository root) and refuses to sign if it fails. Writes DIR/tollgate-<version>/ (OPA",
  "bundle with its own signature, Gatekeeper, Kyverno and VAP artifacts with their suites,",
  "catalogue, CycloneDX SBOM, manifest of every file with sha256, cosign signature, SLSA",
  "provenance as a signed DSSE attestation) and the reproducible DIR/tollgate-<version>.tar.gz,",
  "then verifies it and prints the gate board.",
  "",
  "  --out DIR       where to write (default: dist/release)",
  "  --key FILE      cosign private key (password in COSIGN_PASSWORD); without it a development",
  "                  key pair is made on first use in ~/.config/tollgate/dev-keys (outside the",
  "                  tree) and every output says it is a development signature",
  "  --opa-key FILE  RSA private key (PEM) for OPA's bundle signature (public half beside it as .pub)",
  "  --params FILE   parameters per rule id, as for build",
  "  --skip-tests    do not run the test suite first (for the release's own tests)",
  "",
  "Exit 0 when every gate is green, 1 when a gate is red (nothing is signed after a red gate).",
].join("\n");

function repoRoot(): string {
  let dir = process.cwd();
  while (!existsSync(resolve(dir, "package-lock.json")) || !existsSync(resolve(dir, "policies-opa"))) {
    const up = resolve(dir, "..");
    if (up === dir) throw new Error("tollgate release runs from the Tollgate repository (no package-lock.json and policies-opa/ found above the current directory)");
    dir = up;
  }
  return dir;
}

/**
 * Runs `tollgate release`.
 *
 * @param args - the arguments after `release`
 * @returns the exit code
 */
export async function runRelease(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      out: { type: "string", default: "dist/release" },
      key: { type: "string" },
      "opa-key": { type: "string" },
      params: { type: "string" },
      "skip-tests": { type: "boolean", default: false },
    },
    strict: true,
  });
  const root = repoRoot();
  const keys = values.key ? await keysFromFiles(resolve(values.key), values["opa-key"] ? resolve(values["opa-key"]) : undefined) : await ensureDevelopmentKeys();
  if (keys.development) process.stderr.write(`${DEVELOPMENT_NOTICE}\n`);
  if (values.key && !process.env["COSIGN_PASSWORD"] && readFileSync(resolve(values.key), "utf8").includes("ENCRYPTED")) {
    process.stderr.write("note: COSIGN_PASSWORD is not set; an encrypted key needs it\n");
  }
  const params = values.params ? readParamsFile(values.params, ALL_RULES) : {};
  const result = await createRelease({
    repoRoot: root,
    outDir: resolve(values.out),
    version: ARTIFACT_VERSION,
    libraries: LIBRARIES,
    keys,
    params,
    testCommand: values["skip-tests"] ? null : ["npm", "test"],
    log: (line) => process.stderr.write(`» ${line}\n`),
  });
  process.stdout.write(formatGateBoard(result.steps, process.stdout.isTTY === true));
  if (result.ok) {
    process.stdout.write(`release: ${result.dir}\ntarball: ${result.tarball}\n${keys.development ? `${DEVELOPMENT_NOTICE}\n` : ""}`);
  }
  return result.ok ? 0 : 1;
}
