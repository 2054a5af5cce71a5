import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { deployFiles, OPA_BUNDLE_DEPLOY_FILE, OPA_CONFIG_FILE, TESTS_DIR } from "@tollgate/delivery";
import { buildArtifacts, type Library } from "@tollgate/artifacts";
import { runCommand, runGatorVerify, runKyvernoTest } from "@tollgate/toolchain";
import { gatherBuildContext } from "./build-context.js";
import { attestStatement, signBlob } from "./cosign-cli.js";
import { canonicalJson, sha256Hex } from "./digests.js";
import type { GateStep } from "./gate-board.js";
import { buildSignedOpaBundle } from "./opa-bundle.js";
import { slsaProvenance } from "./provenance.js";
import {
  describeFiles,
  listFiles,
  MANIFEST_FILE,
  MANIFEST_SIGNATURE_FILE,
  manifestText,
  PROVENANCE_FILE,
  PROVENANCE_SIGNATURE_FILE,
  type ReleaseManifest,
} from "./release-manifest.js";
import { cycloneDxSbom } from "./sbom.js";
import { cosignSignerOf, DEVELOPMENT_NOTICE, type ReleaseSigning } from "./signing-keys.js";
import { createTarGz } from "./tar-archive.js";
import { verifyRelease, verifyReleaseKeyless } from "./verify-release.js";

/** What a release is made from. */
export interface ReleaseOptions {
  readonly repoRoot: string;
  /** Where the release folder and tarball go. */
  readonly outDir: string;
  readonly version: string;
  readonly libraries: readonly Library[];
  /** A cosign key pair, or keyless signing (OIDC); and OPA's RSA key pair. */
  readonly keys: ReleaseSigning;
  readonly params?: Readonly<Record<string, Record<string, unknown>>>;
  /** The test command run first (argv); null skips it (only the release's own tests do). */
  readonly testCommand: readonly string[] | null;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What a release produced. */
export interface ReleaseResult {
  readonly ok: boolean;
  readonly steps: GateStep[];
  /** The release folder. */
  readonly dir: string;
  /** The reproducible tarball of the payload and manifest. */
  readonly tarball: string;
  /** The release's version. */
  readonly version: string;
  /** The source commit and its time (seconds since the epoch), once the build has started. */
  readonly source?: { readonly commit: string; readonly dateEpoch: number };
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/**
 * Builds, tests and signs a release. Runs the test command first and refuses to sign when it
 * fails; then builds every artifact (what clusters apply under `deploy/`, one folder per way
 * to take the rules, each with a `kustomization.yaml`; the suites and samples under `tests/`)
 * and the signed OPA bundle, checks the shipped suites with
 * the real kyverno and gator, writes the SBOM and the manifest of every file, signs the manifest
 * with cosign, signs the SLSA provenance as a DSSE attestation, packs the reproducible tarball and
 * verifies the result as `tollgate verify` would.
 *
 * @param o - the options
 * @returns the gate board's steps and where the release is
 */
export async function createRelease(o: ReleaseOptions): Promise<ReleaseResult> {
  const log = o.log ?? (() => undefined);
  const startedOn = new Date();
  const steps: GateStep[] = [];
  const name = `tollgate-${o.version}`;
  const dir = join(o.outDir, name);
  const tarball = join(o.outDir, `${name}.tar.gz`);
  const built: { source?: ReleaseResult["source"] } = {};
  const result = (ok: boolean): ReleaseResult => ({
    ok,
    steps,
    dir,
    tarball,
    version: o.version,
    ...(built.source ? { source: built.source } : {}),
  });

  if (o.testCommand) {
    const t = Date.now();
    log(`running the test suite: ${o.testCommand.join(" ")}`);
    const r = await runCommand(o.testCommand[0]!, o.testCommand.slice(1), {
      cwd: o.repoRoot,
      timeoutMs: 80 * 60_000,
      onOutput: (c) => process.stderr.write(c),
    });
    steps.push({
      name: "tests",
      ok: r.code === 0,
      figure:
        r.code === 0
          ? `${o.testCommand.join(" ")} passed in ${seconds(t)}`
          : `${o.testCommand.join(" ")} failed (exit ${r.code}): nothing signed`,
    });
    if (r.code !== 0) return result(false);
  } else {
    steps.push({ name: "tests", ok: true, figure: "skipped by the caller (--skip-tests)" });
  }

  let t = Date.now();
  log("building artifacts");
  const ctx = await gatherBuildContext(o.repoRoot);
  built.source = { commit: ctx.commit, dateEpoch: ctx.sourceDateEpoch };
  rmSync(dir, { recursive: true, force: true });
  rmSync(tarball, { force: true });
  mkdirSync(dir, { recursive: true });
  const build = buildArtifacts(o.libraries, {
    version: o.version,
    docsBaseUrl: "docs/rules/",
    params: o.params ?? {},
  });
  const generated = new Map<string, string>();
  const write = (path: string, text: string): void => {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  };
  for (const [path, text] of build.files) {
    // The OPA configuration goes with the bundle; the other delivery manifests (Flux, Argo CD)
    // stay in the repository, which names the release they pull.
    if (path === OPA_CONFIG_FILE) write(path, text);
    if (path.startsWith("docs/") || path.startsWith("deploy/")) continue;
    write(join(TESTS_DIR, path.replace("/generated/", "/")), text);
    const inLibrary = /^[^/]+\/generated\/(.+)$/.exec(path)?.[1];
    if (inLibrary) generated.set(inLibrary, text);
  }
  for (const [path, text] of deployFiles(generated)) write(path, text);
  writeFileSync(join(dir, "catalogue.json"), canonicalJson(build.catalogue));
  const rules = o.libraries.flatMap((l) => l.rules);
  const bundle = await buildSignedOpaBundle(rules, o.params ?? {}, o.keys.opaKey, ctx.commit);
  writeFileSync(join(dir, "bundle.tar.gz"), bundle);
  // What an OPA deployment takes, together: the bundle (the same bytes) beside its configuration
  // (written above, so its folder exists).
  writeFileSync(join(dir, OPA_BUNDLE_DEPLOY_FILE), bundle);
  steps.push({
    name: "build",
    ok: true,
    figure: `${rules.length} rules, ${build.files.size} artifacts, OPA bundle signed (RS256) in ${seconds(t)}; ${ctx.commitCount !== undefined ? `release number ${ctx.commitCount}` : "no release number (a shallow clone: fetch the history to number releases)"}`,
  });

  t = Date.now();
  const kyverno = await Promise.all(o.libraries.map((l) => runKyvernoTest(join(dir, TESTS_DIR, l.dir))));
  const gator = await Promise.all(o.libraries.map((l) => runGatorVerify(join(dir, TESTS_DIR, l.dir, "..."))));
  const rows = kyverno.reduce((n, k) => n + k.rows.length, 0);
  const cases = gator.reduce((n, g) => n + g.passedCases, 0);
  const conformant = kyverno.every((k) => k.allOk) && gator.every((g) => g.ok);
  steps.push({
    name: "conformance",
    ok: conformant,
    figure: `kyverno test ${rows} rows Ok, gator verify ${cases} cases passed on the shipped suites (${seconds(t)})`,
  });
  if (!conformant) return result(false);

  t = Date.now();
  const payload = listFiles(dir);
  const sbom = cycloneDxSbom(describeFiles(dir, payload), ctx, o.version);
  writeFileSync(join(dir, "sbom.cdx.json"), canonicalJson(sbom));
  steps.push({
    name: "sbom",
    ok: true,
    figure: `CycloneDX 1.6, ${(sbom["components"] as unknown[]).length} components (${payload.length} files, ${ctx.tools.length} tools, ${ctx.packages.length} npm packages)`,
  });

  const manifest: ReleaseManifest = {
    name,
    version: o.version,
    sourceCommit: ctx.commit,
    ...(ctx.commitCount !== undefined ? { releaseNumber: ctx.commitCount } : {}),
    signing: o.keys.development ? { development: true, notice: DEVELOPMENT_NOTICE } : { development: false },
    files: describeFiles(dir, listFiles(dir)),
  };
  writeFileSync(join(dir, MANIFEST_FILE), manifestText(manifest));
  const packed = listFiles(dir).map((path) => ({
    path: `${name}/${path}`,
    content: readFileSync(join(dir, path)),
  }));
  writeFileSync(tarball, createTarGz(packed));

  // The subjects are what a verifier checks the provenance against: the manifest, which binds
  // every file by its digest, and the archive. (One subject per file would be over a thousand,
  // more than cosign accepts in an attestation it verifies.)
  const subjects = [
    ...describeFiles(dir, [MANIFEST_FILE]),
    { path: basename(tarball), sha256: sha256Hex(readFileSync(tarball)) },
  ];
  const statement = slsaProvenance(subjects, ctx, {
    version: o.version,
    params: o.params ?? {},
    startedOn,
    finishedOn: new Date(),
    development: o.keys.development,
  });
  writeFileSync(join(dir, PROVENANCE_FILE), canonicalJson(statement));
  steps.push({
    name: "provenance",
    ok: true,
    figure: `SLSA v1, ${statement.subject.length} subjects, commit ${ctx.commit.slice(0, 12)}${ctx.dirty ? " (uncommitted changes)" : ""}`,
  });

  t = Date.now();
  const signer = cosignSignerOf(o.keys);
  try {
    await signBlob(signer, join(dir, MANIFEST_FILE), join(dir, MANIFEST_SIGNATURE_FILE));
    await attestStatement(signer, join(dir, PROVENANCE_FILE), join(dir, PROVENANCE_SIGNATURE_FILE));
  } catch (e) {
    steps.push({ name: "signature", ok: false, figure: (e as Error).message });
    return result(false);
  }
  const how =
    "keyless" in o.keys
      ? `keyless as ${o.keys.keyless.identity ?? o.keys.keyless.identityRegexp ?? "?"}`
      : o.keys.development
        ? DEVELOPMENT_NOTICE
        : "release key";
  steps.push({
    name: "signature",
    ok: true,
    figure: `manifest and provenance signed with cosign (${how}) in ${seconds(t)}`,
  });

  const opaPub = readFileSync(o.keys.opaPub, "utf8");
  const check =
    "keyless" in o.keys
      ? await verifyReleaseKeyless(dir, o.keys.keyless, opaPub)
      : verifyRelease(dir, { cosignPub: readFileSync(o.keys.cosignPub, "utf8"), opaPub });
  steps.push({
    name: "verification",
    ok: check.ok,
    figure: check.ok
      ? `${check.checks.length} checks passed (digests, signatures, provenance subjects, OPA bundle signature)`
      : check.problems.join("; "),
  });
  if (!existsSync(tarball)) steps.push({ name: "tarball", ok: false, figure: "not written" });
  return result(steps.every((s) => s.ok));
}

/** Copies a release folder (for tests that tamper with a copy). */
export function copyRelease(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}
