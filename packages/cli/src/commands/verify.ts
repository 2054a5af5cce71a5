import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  devKeysDir,
  DEVELOPMENT_NOTICE,
  looksLikeOciReference,
  verifyOciRelease,
  verifyRelease,
  verifyReleaseKeyless,
  type CosignTrust,
  type VerificationReport,
} from "@tollgate/release";
import { gateTiles, publicKeyFingerprint, readReleaseFacts, type SignerFacts } from "@tollgate/viewer";
import { loadConfig } from "../config/load-config.js";

/** Usage of `tollgate verify`. */
export const VERIFY_USAGE = [
  "usage: tollgate verify [DIR|OCI-REF] [--key FILE] [--opa-key FILE] [--config FILE]",
  "       tollgate verify DIR|OCI-REF --certificate-identity ID --certificate-oidc-issuer URL [--trusted-root FILE] [--opa-key FILE]",
  "",
  "DIR: checks a release folder offline: the cosign signature over the manifest (@sigstore/verify),",
  "every file's sha256 against the signed manifest (no file changed, added or removed), the",
  "signed SLSA provenance and its subjects, and OPA's own signature inside bundle.tar.gz.",
  "",
  "OCI-REF (host/repo:tag or host/repo@sha256:…, the REF given to 'tollgate release --push'):",
  "resolves it to a digest; checks the OPA bundle artifact's layout; runs cosign verify and",
  "cosign verify-attestation (cyclonedx, slsaprovenance1) on the bundle artifact and on the",
  "release artifact (<tag>-release); pulls the release with oras and runs every DIR check on it;",
  "checks that the bundle layer is the release's bundle.tar.gz and that the attested SBOM and",
  "provenance are the release's own; checks each deploy folder's Flux artifact (<tag>-<folder>):",
  "its format, cosign verify, and that it holds exactly the release's files of that folder.",
  "Plain HTTP only for 127.0.0.1/localhost registries.",
  "",
  "  --key FILE                        cosign public key (default: the development key in",
  "                                    ~/.config/tollgate/dev-keys)",
  "  --opa-key FILE                    RSA public key (PEM) of the OPA bundle signature (default:",
  "                                    the development one)",
  "  --certificate-identity ID         keyless: the signer identity the Fulcio certificate must",
  "  --certificate-identity-regexp RE  carry (or a Go regular expression for it), with",
  "  --certificate-oidc-issuer URL     its OIDC issuer; needs Sigstore's trust root (network)",
  "  --trusted-root FILE               keyless against a certificate authority of your own: a",
  "                                    Sigstore trusted root (JSON) naming its chain and no logs;",
  "                                    the chain and identity are checked, no transparency log",
  "",
  "  --not-older-than N                refuse a release whose signed release number (the commits",
  "                                    up to its source commit) is below N: a rollback to an older",
  "                                    release, even one validly signed, fails",
  "  --builder ID                      the builder the signed provenance must name (the release",
  "                                    workflow's URI, for a release built in CI)",
  "  --source-commit SHA               the source commit the signed provenance and manifest must name",
  "  --config FILE                     the project's configuration: without a DIR or OCI-REF, its",
  "                                    release.registry, else the release under release.out; its",
  "                                    release.publicKey, opaPublicKey, identity and issuer are the",
  "                                    defaults of the options above",
  "",
  "  -o table|json                     json: every fact checked, for machines: the report, who was",
  "                                    trusted, each file's digest against the signed manifest, the",
  "                                    SBOM's components, the provenance, the rules and the gate board",
  "                                    (what tollgate view shows)",
  "",
  "Exit 0 when everything verifies, 1 when anything does not, 2 for unusable input (no release",
  "given, a key file that does not exist, options that exclude each other): never 0 on an error.",
].join("\n");

/** The newest release folder under the output folder, if any. */
function defaultReleaseFolder(out: string): string | undefined {
  if (!existsSync(out)) return undefined;
  const dirs = readdirSync(out, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && d.name.startsWith("tollgate-"),
  );
  return dirs.length === 0
    ? undefined
    : join(
        out,
        dirs
          .map((d) => d.name)
          .sort()
          .at(-1)!,
      );
}

function print(report: VerificationReport): void {
  const r = report.release;
  if (r)
    process.stdout.write(
      `${r.name}: version ${r.version}, commit ${r.sourceCommit.slice(0, 12)}${r.releaseNumber !== undefined ? `, release number ${r.releaseNumber}` : ""}\n`,
    );
  for (const c of report.checks) process.stdout.write(`  ✔ ${c}\n`);
  for (const p of report.problems) process.stdout.write(`  ✘ ${p}\n`);
  if (report.development) process.stdout.write(`  ! ${DEVELOPMENT_NOTICE}\n`);
  process.stdout.write(report.ok ? "verified\n" : `NOT VERIFIED: ${report.problems.length} problems\n`);
}

/** The options `tollgate verify` and `tollgate view` share. */
export const VERIFY_OPTIONS = {
  key: { type: "string" },
  "opa-key": { type: "string" },
  "certificate-identity": { type: "string" },
  "certificate-identity-regexp": { type: "string" },
  "certificate-oidc-issuer": { type: "string" },
  "trusted-root": { type: "string" },
  config: { type: "string" },
  "not-older-than": { type: "string" },
  builder: { type: "string" },
  "source-commit": { type: "string" },
} as const;

/** The options of {@link VERIFY_OPTIONS}, as `parseArgs` gives them. */
export type VerifyValues = { -readonly [K in keyof typeof VERIFY_OPTIONS]?: string };

/** A verified (or refused) release: the report, who was trusted, and the folder when it is one. */
export interface VerifiedTarget {
  readonly report: VerificationReport;
  readonly signer: SignerFacts;
  /** The release folder (absent for a release verified in its registry). */
  readonly dir?: string;
  /** The release as the caller named it. */
  readonly target: string;
}

/**
 * Verifies the release the options name, exactly as `tollgate verify` does.
 *
 * @param values - the parsed options
 * @param positionals - the release folder or OCI reference (or none: the project's default)
 * @returns the report, the trusted signer, and the folder
 */
export async function verifyTarget(
  values: VerifyValues,
  positionals: readonly string[],
): Promise<VerifiedTarget> {
  const { config, root } = await loadConfig(values.config);
  const release = config.release ?? {};
  const fromRoot = (p: string | undefined) => (p === undefined ? undefined : resolve(root, p));
  values.key ??= fromRoot(release.publicKey);
  values["opa-key"] ??= fromRoot(release.opaPublicKey);
  if (release.keyless === true && values.key === undefined) {
    values["certificate-identity"] ??= release.identity;
    values["certificate-oidc-issuer"] ??= release.issuer;
  }
  const target =
    positionals[0] ?? release.registry ?? defaultReleaseFolder(resolve(root, release.out ?? "dist/release"));
  if (!target) throw new Error("give a release folder or an OCI reference (see tollgate verify --help)");
  if (positionals.length > 1) throw new Error(`verify takes one release, got ${positionals.length}`);
  const notOlderThan = values["not-older-than"];
  if (notOlderThan !== undefined && !/^\d+$/.test(notOlderThan))
    throw new Error(`--not-older-than takes a release number (a whole number), got "${notOlderThan}"`);
  const identity = values["certificate-identity"];
  const identityRegexp = values["certificate-identity-regexp"];
  const issuer = values["certificate-oidc-issuer"];
  const trustedRoot = values["trusted-root"];
  const keyless =
    identity !== undefined ||
    identityRegexp !== undefined ||
    issuer !== undefined ||
    trustedRoot !== undefined;
  if (keyless && values.key)
    throw new Error("--key and --certificate-* exclude each other: verify with a key or keyless");
  if (keyless && (!issuer || (identity === undefined) === (identityRegexp === undefined))) {
    throw new Error(
      "keyless verification needs --certificate-oidc-issuer and exactly one of --certificate-identity and --certificate-identity-regexp",
    );
  }
  const cosignPub = values.key ? resolve(values.key) : join(devKeysDir(), "cosign.pub");
  const opaPub = values["opa-key"] ? resolve(values["opa-key"]) : join(devKeysDir(), "opa-bundle.pub");
  if (trustedRoot !== undefined && !existsSync(trustedRoot))
    throw new Error(`trusted root ${trustedRoot} not found (--trusted-root)`);
  for (const k of keyless ? [opaPub] : [cosignPub, opaPub])
    if (!existsSync(k)) throw new Error(`public key ${k} not found: pass --key/--opa-key`);
  if (!values.key && !keyless) process.stderr.write(`verifying with the development key ${cosignPub}\n`);
  const trust: CosignTrust = keyless
    ? {
        keyless: {
          tokenSource: "none",
          issuer: issuer!,
          ...(identity !== undefined ? { identity } : { identityRegexp: identityRegexp! }),
          ...(trustedRoot !== undefined ? { privateCa: { trustedRoot: resolve(trustedRoot) } } : {}),
        },
      }
    : { pub: cosignPub };
  const signer: SignerFacts = keyless
    ? {
        kind: "keyless",
        identity: identity ?? `matching ${identityRegexp!}`,
        issuer: issuer!,
        trustRoot:
          trustedRoot !== undefined
            ? `the private authority in ${resolve(trustedRoot)}`
            : "Sigstore's public trust root",
      }
    : {
        kind: "key",
        fingerprint: publicKeyFingerprint(readFileSync(cosignPub, "utf8")),
        source: values.key ? resolve(values.key) : "the development key",
      };
  const opaPem = readFileSync(opaPub, "utf8");

  let report: VerificationReport;
  let dir: string | undefined;
  if (existsSync(target)) {
    dir = resolve(target);
    report =
      "pub" in trust
        ? verifyRelease(dir, { cosignPub: readFileSync(cosignPub, "utf8"), opaPub: opaPem })
        : await verifyReleaseKeyless(dir, trust.keyless, opaPem);
  } else if (looksLikeOciReference(target)) {
    process.stderr.write(`verifying ${target} in its registry\n`);
    report = await verifyOciRelease(target, { cosign: trust, opaPub: opaPem });
  } else {
    throw new Error(`${target}: neither a release folder nor an OCI reference (host[:port]/repository:tag)`);
  }
  if (notOlderThan !== undefined) report = withAgeCheck(report, Number(notOlderThan));
  report = withProvenanceExpectations(report, values.builder, values["source-commit"]);
  return { report, signer, target, ...(dir ? { dir } : {}) };
}

/**
 * Runs `tollgate verify`.
 *
 * @param args - the arguments after `verify`
 * @returns the exit code
 */
export async function runVerify(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...VERIFY_OPTIONS, output: { type: "string", short: "o" } },
    allowPositionals: true,
    strict: true,
  });
  const { output = "table", ...verify } = values;
  if (output !== "table" && output !== "json") throw new Error(`-o takes table or json, got "${output}"`);
  const verified = await verifyTarget(verify, positionals);
  if (output === "json") {
    const facts = verified.dir
      ? readReleaseFacts(verified.dir, verified.report, verified.signer, verified.target)
      : undefined;
    const json = facts
      ? { ...facts, gates: gateTiles(facts) }
      : { source: verified.target, report: verified.report, signer: verified.signer };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else print(verified.report);
  return verified.report.ok ? 0 : 1;
}

/**
 * Checks who built the release and from what, as the caller expects: the signed provenance's
 * builder id, and its source commit (the manifest's, which verification already compared).
 */
function withProvenanceExpectations(
  report: VerificationReport,
  builder: string | undefined,
  sourceCommit: string | undefined,
): VerificationReport {
  const checks = [...report.checks];
  const problems = [...report.problems];
  const p = report.provenance;
  if (builder !== undefined) {
    if (p?.builderId === builder) checks.push(`provenance: built by ${builder}`);
    else problems.push(`provenance: built by ${p?.builderId || "(unknown)"}, not by ${builder}`);
  }
  if (sourceCommit !== undefined) {
    if (p && p.sourceCommit.startsWith(sourceCommit.toLowerCase()) && sourceCommit.length >= 7)
      checks.push(`provenance: built from commit ${p.sourceCommit}`);
    else
      problems.push(`provenance: built from commit ${p?.sourceCommit || "(unknown)"}, not ${sourceCommit}`);
  }
  return { ...report, ok: report.ok && problems.length === report.problems.length, checks, problems };
}

/**
 * Refuses a release older than the one the caller runs: its signed release number must be at
 * least `minimum`. A release without a number cannot show it is not older, so it is refused too.
 */
function withAgeCheck(report: VerificationReport, minimum: number): VerificationReport {
  const n = report.release?.releaseNumber;
  if (n !== undefined && n >= minimum)
    return { ...report, checks: [...report.checks, `release number ${n} is not older than ${minimum}`] };
  const problem =
    n === undefined
      ? `the release has no signed release number, so it cannot show it is not older than ${minimum}`
      : `release number ${n} is older than ${minimum}: refused (a rollback?)`;
  return { ...report, ok: false, problems: [...report.problems, problem] };
}
