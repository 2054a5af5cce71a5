/**
 * Test fixtures for the image-verification rules: small OCI images pushed to a throw-away local registry, signed
 * and attested with the real cosign (offline: a key pair made here, no transparency log).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRegistry, type RunningRegistry } from "@tollgate/oci-registry";
import { formatCommandLine, requireTool, runCommand } from "@tollgate/toolchain";

/** The builder id the tests allow, and one they do not. */
export const GOOD_BUILDER = "https://builder.tollgate.test/release@v1";
export const OTHER_BUILDER = "https://attacker.test/builder@v1";
/** The critical vulnerability of the scan fixtures. */
export const CRITICAL_CVE = "CVE-2024-0001";
const HIGH_CVE = "CVE-2024-0002";

type Signer = "allowed" | "other";
type Step =
  | { readonly sign: Signer; readonly legacy?: boolean }
  | { readonly attest: Signer; readonly type: string; readonly predicate: (now: Date) => unknown };

const DAY = 24 * 3600 * 1000;

function cyclonedx(): unknown {
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    components: [{ type: "library", name: "hello", version: "1.0.0", purl: "pkg:generic/hello@1.0.0" }],
  };
}

function spdx(now: Date): unknown {
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: "hello",
    documentNamespace: "https://tollgate.test/spdx/hello",
    creationInfo: { created: now.toISOString().replace(/\.\d+Z$/, "Z"), creators: ["Tool: tollgate-tests"] },
    packages: [
      { SPDXID: "SPDXRef-hello", name: "hello", versionInfo: "1.0.0", downloadLocation: "NOASSERTION" },
    ],
  };
}

function slsaV1(builderId: string): () => unknown {
  return () => ({
    buildDefinition: {
      buildType: "urn:tollgate:test:v1",
      externalParameters: { source: "git+https://tollgate.test/hello" },
    },
    runDetails: { builder: { id: builderId }, metadata: { invocationId: "test-1" } },
  });
}

function slsaV02(builderId: string): () => unknown {
  return () => ({
    builder: { id: builderId },
    buildType: "urn:tollgate:test:v1",
    invocation: { configSource: {} },
  });
}

function scan(ageMs: number, findings: readonly { id: string; severity: string }[]): (now: Date) => unknown {
  return (now) => {
    const finished = new Date(now.getTime() - ageMs);
    return {
      invocation: { parameters: null, uri: "", event_id: "", "builder.id": "" },
      scanner: {
        uri: "pkg:github/aquasecurity/trivy@0.50.0",
        version: "0.50.0",
        db: { uri: "", version: "" },
        result: {
          SchemaVersion: 2,
          ArtifactName: "hello",
          Results: [
            {
              Target: "hello (debian 12)",
              Class: "os-pkgs",
              Vulnerabilities: findings.map((f) => ({
                VulnerabilityID: f.id,
                PkgName: "libhello",
                InstalledVersion: "1.0.0",
                Severity: f.severity,
              })),
            },
          ],
        },
      },
      metadata: {
        scanStartedOn: new Date(finished.getTime() - 60_000).toISOString(),
        scanFinishedOn: finished.toISOString(),
      },
    };
  };
}

function openvex(vulnerability: unknown, status: string): (now: Date) => unknown {
  return (now) => ({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://tollgate.test/vex/1",
    author: "Tollgate tests",
    timestamp: now.toISOString(),
    version: 1,
    statements: [
      {
        vulnerability,
        products: [{ "@id": "pkg:oci/hello" }],
        status,
        ...(status === "not_affected" ? { justification: "vulnerable_code_not_in_execute_path" } : {}),
      },
    ],
  });
}

const sign = (s: Signer, legacy = false): Step => ({ sign: s, legacy });
const attest = (s: Signer, type: string, predicate: (now: Date) => unknown): Step => ({
  attest: s,
  type,
  predicate,
});
const clean = scan(0, []);
const critical = scan(0, [{ id: CRITICAL_CVE, severity: "CRITICAL" }]);

/** Every fixture: how its image is signed and attested. The rules' doc examples name these. */
export const FIXTURES: Readonly<Record<string, readonly Step[]>> = {
  "signed-attested": [
    sign("allowed"),
    attest("allowed", "cyclonedx", cyclonedx),
    attest("allowed", "slsaprovenance1", slsaV1(GOOD_BUILDER)),
    attest("allowed", "vuln", clean),
  ],
  "signed-only": [sign("allowed")],
  unsigned: [],
  "other-key": [
    sign("other"),
    attest("other", "cyclonedx", cyclonedx),
    attest("other", "slsaprovenance1", slsaV1(GOOD_BUILDER)),
    attest("other", "vuln", clean),
  ],
  "attestations-only": [
    attest("allowed", "cyclonedx", cyclonedx),
    attest("allowed", "slsaprovenance1", slsaV1(GOOD_BUILDER)),
    attest("allowed", "vuln", clean),
  ],
  "legacy-signature": [sign("allowed", true)],
  "spdx-sbom": [sign("allowed"), attest("allowed", "spdxjson", spdx)],
  "wrong-builder": [sign("allowed"), attest("allowed", "slsaprovenance1", slsaV1(OTHER_BUILDER))],
  "slsa-v02": [sign("allowed"), attest("allowed", "slsaprovenance02", slsaV02(GOOD_BUILDER))],
  "stale-scan": [sign("allowed"), attest("allowed", "vuln", scan(30 * DAY, []))],
  "critical-finding": [sign("allowed"), attest("allowed", "vuln", critical)],
  "high-only": [sign("allowed"), attest("allowed", "vuln", scan(0, [{ id: HIGH_CVE, severity: "HIGH" }]))],
  "critical-vex-not-affected": [
    sign("allowed"),
    attest(
      "allowed",
      "vuln",
      scan(0, [
        { id: CRITICAL_CVE, severity: "CRITICAL" },
        { id: HIGH_CVE, severity: "HIGH" },
      ]),
    ),
    attest("allowed", "openvex", openvex({ name: CRITICAL_CVE }, "not_affected")),
  ],
  "critical-vex-alias": [
    sign("allowed"),
    attest("allowed", "vuln", critical),
    attest(
      "allowed",
      "openvex",
      openvex({ name: "GHSA-test-0001", aliases: [CRITICAL_CVE] }, "not_affected"),
    ),
  ],
  "critical-vex-affected": [
    sign("allowed"),
    attest("allowed", "vuln", critical),
    attest("allowed", "openvex", openvex({ name: CRITICAL_CVE }, "affected")),
  ],
  "critical-vex-other-key": [
    sign("allowed"),
    attest("allowed", "vuln", critical),
    attest("other", "openvex", openvex({ name: CRITICAL_CVE }, "not_affected")),
  ],
};

/** The registry, the keys and the pushed images. */
export interface ImageFixtures {
  readonly registry: RunningRegistry;
  /** A scratch folder (keys, predicates, policies). */
  readonly dir: string;
  /** The allowed signer's public key (PEM). */
  readonly allowedPublicKey: string;
  /** Each fixture's image, by digest (`127.0.0.1:PORT/fixtures/<name>@sha256:…`). */
  readonly images: Readonly<Record<string, string>>;
  /** Each fixture's image, by tag (`…/fixtures/<name>:1`). */
  readonly tags: Readonly<Record<string, string>>;
  /** How long building the fixtures took, in ms. */
  readonly buildMs: number;
  /** Stops the registry and removes the scratch folder. */
  stop(): Promise<void>;
}

function tarOfOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, "utf8");
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write("00000000000\0", 136);
  header.fill(" ", 148, 156);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  const sum = header.reduce((a, b) => a + b, 0);
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(body);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

const sha256 = (b: Buffer): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function pushBlob(registry: RunningRegistry, repo: string, blob: Buffer): Promise<string> {
  const digest = sha256(blob);
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  const location = start.headers.get("location");
  if (start.status !== 202 || !location)
    throw new Error(`blob upload to ${repo} did not start: HTTP ${start.status}`);
  const url = new URL(location, registry.url);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, {
    method: "PUT",
    body: blob,
    headers: { "content-type": "application/octet-stream" },
  });
  if (put.status !== 201)
    throw new Error(`blob upload to ${repo} failed: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

/**
 * Pushes a one-layer OCI image whose only file holds `content`, with the OCI distribution API.
 *
 * @returns the manifest digest
 */
async function pushTinyImage(
  registry: RunningRegistry,
  repo: string,
  tag: string,
  content: string,
): Promise<string> {
  const layer = tarOfOneFile("hello.txt", Buffer.from(`${content}\n`));
  const layerDigest = await pushBlob(registry, repo, layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [layerDigest] },
    }),
  );
  const configDigest = await pushBlob(registry, repo, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layerDigest, size: layer.length },
      ],
    }),
  );
  const put = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: "PUT",
    body: manifest,
    headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
  });
  if (put.status !== 201)
    throw new Error(`manifest push to ${repo}:${tag} failed: HTTP ${put.status} ${await put.text()}`);
  return sha256(manifest);
}

async function cosign(args: string[], cwd: string): Promise<void> {
  const bin = await requireTool("cosign");
  const r = await runCommand(bin, args, { cwd, env: { COSIGN_PASSWORD: "" }, timeoutMs: 60_000 });
  if (r.code !== 0)
    throw new Error(
      `${formatCommandLine("cosign", args)} failed (exit ${r.code}): ${r.stderr.trim().split("\n").slice(-3).join(" ")}`,
    );
}

const OFFLINE = ["--yes", "--tlog-upload=false", "--use-signing-config=false", "--allow-http-registry"];

async function runSteps(
  dir: string,
  name: string,
  ref: string,
  steps: readonly Step[],
  now: Date,
): Promise<void> {
  let n = 0;
  for (const step of steps) {
    if ("sign" in step) {
      await cosign(
        [
          "sign",
          ...OFFLINE,
          "--key",
          `${step.sign}.key`,
          ...(step.legacy ? ["--new-bundle-format=false"] : []),
          ref,
        ],
        dir,
      );
    } else {
      const file = `${name}-${n++}.json`;
      writeFileSync(join(dir, file), JSON.stringify(step.predicate(now)));
      await cosign(
        ["attest", ...OFFLINE, "--key", `${step.attest}.key`, "--type", step.type, "--predicate", file, ref],
        dir,
      );
    }
  }
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/**
 * Starts a registry, makes two cosign key pairs (the allowed signer and another), pushes one
 * image per fixture and signs and attests it as the fixture says.
 *
 * @returns the fixtures; call `stop()` afterwards
 */
export async function buildImageFixtures(): Promise<ImageFixtures> {
  const started = Date.now();
  const registry = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), "tollgate-image-rules-"));
  const stop = async (): Promise<void> => {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      (["allowed", "other"] as const).map((k) =>
        cosign(["generate-key-pair", "--output-key-prefix", k], dir),
      ),
    );
    const now = new Date();
    const images: Record<string, string> = {};
    const tags: Record<string, string> = {};
    await inParallel(Object.keys(FIXTURES), 3, async (name) => {
      const repo = `fixtures/${name}`;
      const digest = await pushTinyImage(registry, repo, "1", `tollgate fixture ${name}`);
      images[name] = `${registry.host}/${repo}@${digest}`;
      tags[name] = `${registry.host}/${repo}:1`;
      await runSteps(dir, name, images[name], FIXTURES[name]!, now);
    });
    return {
      registry,
      dir,
      allowedPublicKey: readFileSync(join(dir, "allowed.pub"), "utf8"),
      images,
      tags,
      buildMs: Date.now() - started,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** One row of a kyverno policy report. */
export interface KyvernoApplyRow {
  readonly policy: string;
  readonly kind: string;
  readonly name: string;
  readonly result: string;
  readonly message: string;
}

/**
 * Runs the real `kyverno apply` with a policy report and returns its rows.
 *
 * @param policyFiles - the policies
 * @param resourceFile - the resources (one multi-document YAML file)
 * @param timeoutMs - when to kill kyverno
 * @returns the rows, and the raw result
 */
export async function kyvernoApply(
  policyFiles: readonly string[],
  resourceFile: string,
  timeoutMs = 90_000,
): Promise<{
  rows: KyvernoApplyRow[];
  code: number | null;
  signal: string | null;
  output: string;
  ms: number;
}> {
  const kyverno = await requireTool("kyverno");
  const started = Date.now();
  const r = await runCommand(
    kyverno,
    [
      "apply",
      ...policyFiles,
      "--resource",
      resourceFile,
      "--policy-report",
      "--output-format",
      "json",
      "--remove-color",
    ],
    { timeoutMs },
  );
  const ms = Date.now() - started;
  const output = `${r.stdout}\n${r.stderr}`;
  const json = /(^|\n)\{/.exec(r.stdout);
  if (!json) return { rows: [], code: r.code, signal: r.signal, output, ms };
  const report = JSON.parse(r.stdout.slice(json.index + json[1]!.length)) as {
    results?: {
      policy: string;
      result: string;
      message?: string;
      resources: { kind: string; name: string }[];
    }[];
  };
  const rows = (report.results ?? []).map((x) => ({
    policy: x.policy,
    kind: x.resources[0]!.kind,
    name: x.resources[0]!.name,
    result: x.result,
    message: x.message ?? "",
  }));
  return { rows, code: r.code, signal: r.signal, output, ms };
}
