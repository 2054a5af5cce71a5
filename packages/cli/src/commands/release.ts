import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  cosignSignerOf,
  cosignTrustOf,
  createRelease,
  DEVELOPMENT_NOTICE,
  ensureDevelopmentKeys,
  formatGateBoard,
  keylessSigningKeys,
  keysFromFiles,
  longestTagOf,
  oidcTokenSource,
  parseOciReference,
  publishRelease,
  type ReleaseSigning,
} from "@tollgate/release";
import { DEPLOY_FOLDERS } from "@tollgate/delivery";
import { CONFIG_OPTION, CONFIG_USAGE, openProject } from "../config/open-project.js";
import { TOLLGATE_VERSION } from "../version.js";

/** Usage of `tollgate release`. */
export const RELEASE_USAGE = [
  "usage: tollgate release [--out DIR] [--key FILE | --keyless] [--opa-key FILE] [--params FILE] [--config FILE] [--skip-tests] [--push REF]",
  "",
  "Builds, tests and signs a release of the project's rules. Runs the project's test suite first",
  "('npm test' in the folder of tollgate.config) and refuses to sign if it fails. Writes DIR/tollgate-<version>/ (OPA",
  "bundle with its own signature, Gatekeeper, Kyverno and VAP artifacts with their suites,",
  "catalogue, CycloneDX SBOM, manifest of every file with sha256, cosign signature, SLSA",
  "provenance as a signed DSSE attestation) and the reproducible DIR/tollgate-<version>.tar.gz,",
  "then verifies it and prints the gate board.",
  "",
  "  --out DIR       where to write (default: release.out of tollgate.config, else dist/release)",
  "  --key FILE      cosign private key (password in COSIGN_PASSWORD); without it a development",
  "                  key pair is made on first use in ~/.config/tollgate/dev-keys (outside the",
  "                  tree) and every output says it is a development signature",
  "  --keyless       sign with cosign keyless (Sigstore OIDC: Fulcio certificate, Rekor entry) instead",
  "                  of a key; chosen by itself when an OIDC token is present (GitHub Actions with",
  "                  'permissions: id-token: write', or SIGSTORE_ID_TOKEN) and no --key is given.",
  "                  Without a token it fails before building anything. Needs --opa-key and network.",
  "  --opa-key FILE  RSA private key (PEM) for OPA's bundle signature (public half beside it as .pub);",
  "                  --key without it signs the bundle with the development key, and the release",
  "                  is then a development release (its manifest and every output say so)",
  "  --params FILE   parameters per rule id, as for build",
  CONFIG_USAGE,
  "  --skip-tests    do not run the test suite first (for the release's own tests)",
  "  --push REF      after a green release, push it to an OCI registry with oras (REF is",
  "                  host/repo:tag; plain HTTP only for 127.0.0.1/localhost): REF is the OPA bundle",
  "                  in the layout OPA pulls ({} config, one tar+gzip layer), REF-release (tag",
  "                  <tag>-release) the full release (tarball, signatures, provenance), and",
  "                  REF-<folder> each deploy folder in Flux's format (<tag>-gatekeeper-templates,",
  "                  -gatekeeper-constraints, -kyverno, -vap). All are signed by digest with",
  "                  cosign; the bundle and the release carry the SBOM (cyclonedx) and the SLSA v1",
  "                  provenance (slsaprovenance1) as cosign attestations; then verified as",
  "                  'tollgate verify REF' does. Registry credentials: oras/cosign's docker config.",
  "",
  "Exit 0 when every gate is green, 1 when a gate is red (nothing is signed after a red gate),",
  "2 for unusable options (a bad --push REF, --keyless without an OIDC token).",
].join("\n");

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
      out: { type: "string" },
      key: { type: "string" },
      "opa-key": { type: "string" },
      params: { type: "string" },
      "skip-tests": { type: "boolean", default: false },
      keyless: { type: "boolean", default: false },
      push: { type: "string" },
      ...CONFIG_OPTION,
    },
    strict: true,
  });
  const { project, params, ruleErrors } = await openProject(values);
  if (ruleErrors) throw new Error("a rule did not load (see above): nothing is released");
  const root = project.root;
  const release = project.config.release ?? {};
  values.push ??= release.registry;
  values.key ??= release.key === undefined ? undefined : resolve(root, release.key);
  values["opa-key"] ??= release.opaKey === undefined ? undefined : resolve(root, release.opaKey);
  values.keyless ||= release.keyless === true && values.key === undefined;
  if (values.push !== undefined) {
    const ref = parseOciReference(values.push);
    if (!ref.tag || ref.digest)
      throw new Error(
        `--push ${values.push}: give a tag and no digest (host/repo:tag); the digests are signed after the push`,
      );
    const longest = longestTagOf(
      ref.tag,
      DEPLOY_FOLDERS.map((d) => d.folder),
    );
    if (longest.length > 128)
      throw new Error(`--push ${values.push}: the tag is too long (one artifact would be tagged ${longest})`);
  }
  const keys = await chooseKeys(values);
  if (keys.development) process.stderr.write(`${DEVELOPMENT_NOTICE}\n`);
  if (
    values.key &&
    !process.env["COSIGN_PASSWORD"] &&
    readFileSync(resolve(values.key), "utf8").includes("ENCRYPTED")
  ) {
    process.stderr.write("note: COSIGN_PASSWORD is not set; an encrypted key needs it\n");
  }
  const result = await createRelease({
    repoRoot: root,
    outDir: resolve(values.out ?? resolve(root, release.out ?? "dist/release")),
    version: TOLLGATE_VERSION,
    libraries: project.libraries,
    keys,
    params,
    testCommand: values["skip-tests"] ? null : ["npm", "test"],
    log: (line) => process.stderr.write(`» ${line}\n`),
  });
  const steps = [...result.steps];
  let pushed = "";
  if (result.ok && values.push !== undefined) {
    const published = await publishRelease(result, {
      ref: values.push,
      signer: cosignSignerOf(keys),
      trust: { cosign: cosignTrustOf(keys), opaPub: readFileSync(keys.opaPub, "utf8") },
      log: (line) => process.stderr.write(`» ${line}\n`),
    });
    steps.push(...published.steps);
    if (published.bundle) pushed += `opa bundle: ${published.bundle.ref} (${published.bundle.digestRef})\n`;
    if (published.release)
      pushed += `release artifact: ${published.release.ref} (${published.release.digestRef})\n`;
    for (const [folder, a] of Object.entries(published.deploy ?? {}))
      pushed += `${folder} (Flux artifact): ${a.ref} (${a.digestRef})\n`;
  }
  const ok = steps.every((s) => s.ok);
  process.stdout.write(formatGateBoard(steps, process.stdout.isTTY === true));
  if (result.ok) {
    process.stdout.write(
      `release: ${result.dir}\ntarball: ${result.tarball}\n${pushed}${keys.development ? `${DEVELOPMENT_NOTICE}\n` : ""}`,
    );
  }
  return ok ? 0 : 1;
}

/**
 * The release's keys: `--key` (a cosign key), `--keyless` or an OIDC token in the environment
 * (keyless; fails closed without a token), else the development keys.
 *
 * @param values - the parsed options
 * @returns the keys
 */
async function chooseKeys(values: {
  key?: string;
  keyless?: boolean;
  "opa-key"?: string;
}): Promise<ReleaseSigning> {
  const opaKey = values["opa-key"] ? resolve(values["opa-key"]) : undefined;
  if (values.key && values.keyless)
    throw new Error("--key and --keyless exclude each other: sign with a key or keyless");
  if (values.keyless) return keylessSigningKeys(opaKey);
  if (!values.key && oidcTokenSource() !== "none") {
    process.stderr.write(
      `an OIDC token is present (${oidcTokenSource()}): signing keyless; pass --key FILE to sign with a key\n`,
    );
    return keylessSigningKeys(opaKey);
  }
  return values.key ? keysFromFiles(resolve(values.key), opaKey) : ensureDevelopmentKeys();
}
