import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  DEPLOY_FOLDERS,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  OPA_BUNDLE_NAME,
  OPA_CONFIG_FILE,
  OPA_CONFIG_MAP,
  OPA_CONFIG_VARIABLES,
  OPA_KEY_ID,
  OPA_SERVICE_NAME,
} from "@tollgate/delivery";
import { createOracleEngine, type EngineResult } from "@tollgate/engines";
import { startRegistry, type RunningRegistry } from "@tollgate/oci-registry";
import { requireTool, runCommand, type CommandResult } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createRelease, type ReleaseResult } from "./create-release.js";
import { sha256Hex } from "./digests.js";
import { cosignSignImage } from "./cosign-cli.js";
import { parseOciReference, withDigest } from "./oci-reference.js";
import { OPA_BUNDLE_LAYER_MEDIA_TYPE, RELEASE_ARTIFACT_TYPE } from "./oci-layout.js";
import { buildSignedOpaBundle } from "./opa-bundle.js";
import { startOpaServer, waitFor, type RunningOpa } from "./opa-server.test-helpers.js";
import { orasFetchManifest, orasPush } from "./oras-cli.js";
import { publishRelease, type PublishResult } from "./publish-release.js";
import { makeTestKeys, REPO_ROOT, SMALL_LIBRARIES } from "./release.test-helpers.js";
import type { SigningKeys } from "./signing-keys.js";
import { createTarGz, readTarGz } from "./tar-archive.js";
import { verifyOciRelease } from "./verify-oci-release.js";

const PASSWORD = "test-password";
const RULES = SMALL_LIBRARIES.flatMap((l) => l.rules);

/** The manifests OPA and the oracle both judge: every rule's own examples, plus a few more. */
function manifests(): { name: string; object: Record<string, unknown> }[] {
  const out = RULES.flatMap((r) => [
    ...r.examples.denied.map((e, i) => ({
      name: `${r.meta.id} denied ${i}: ${e.title}`,
      object: e.object as Record<string, unknown>,
    })),
    ...r.examples.allowed.map((e, i) => ({
      name: `${r.meta.id} allowed ${i}: ${e.title}`,
      object: e.object as Record<string, unknown>,
    })),
  ]);
  const container = (image: string, securityContext?: Record<string, unknown>) => ({
    name: "app",
    image,
    ...(securityContext ? { securityContext } : {}),
  });
  out.push(
    {
      name: "a Service (no rule applies)",
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", namespace: "default" },
        spec: { ports: [{ port: 80 }] },
      },
    },
    {
      name: "a pod breaking every rule",
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "bad", namespace: "default" },
        spec: {
          containers: [container("nginx:latest", { allowPrivilegeEscalation: true, runAsNonRoot: false })],
        },
      },
    },
    {
      name: "a locked-down pod pulling from docker.io",
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "miner", namespace: "default" },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [container("docker.io/evil/miner:1.0", { allowPrivilegeEscalation: false })],
        },
      },
    },
    {
      name: "a CronJob from the internal registry, locked down",
      object: {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "tidy", namespace: "ops" },
        spec: {
          schedule: "0 * * * *",
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  securityContext: { runAsNonRoot: true },
                  restartPolicy: "Never",
                  containers: [
                    container("registry.aibos.internal/tidy:1.2.3", { allowPrivilegeEscalation: false }),
                  ],
                },
              },
            },
          },
        },
      },
    },
  );
  return out;
}

interface RuleDecision {
  applies: boolean;
  violations: { msg: string }[];
}

async function opaPost(opa: RunningOpa, path: string, object: unknown): Promise<unknown> {
  const review = {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: { uid: "e2e", operation: "CREATE", object },
  };
  const res = await fetch(`${opa.url}/v1/data/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ input: review }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result?: unknown }).result;
}

/** OPA's decisions on one manifest, as verdicts per rule (the same mapping `tollgate eval --engine rego` uses). */
async function opaVerdicts(opa: RunningOpa, object: unknown): Promise<EngineResult[]> {
  const decisions = (await opaPost(opa, "tollgate/admission/decisions", object)) as
    Record<string, RuleDecision> | undefined;
  return RULES.map((r) => {
    const d = decisions?.[r.meta.id];
    if (!d) return { rule: r.meta.id, verdict: "error", messages: ["no decision"] };
    if (!d.applies) return { rule: r.meta.id, verdict: "skip", messages: [] };
    const messages = d.violations.map((v) => v.msg).sort();
    return { rule: r.meta.id, verdict: messages.length > 0 ? "fail" : "pass", messages };
  });
}

interface BundleStatus {
  code?: string;
  message?: string;
  active_revision?: string;
  last_request?: string;
  last_successful_activation?: string;
}

async function bundleStatus(opa: RunningOpa): Promise<BundleStatus> {
  const res = await fetch(`${opa.url}/v1/status`);
  return (
    ((await res.json()) as { result: { bundles: Record<string, BundleStatus> } }).result.bundles[
      "tollgate"
    ] ?? {}
  );
}

describe("tollgate release --push: OCI artifacts, cosign, and an OPA server pulling the bundle", () => {
  let keys: SigningKeys;
  let other: SigningKeys;
  let registry: RunningRegistry;
  let work: string;
  let release: ReleaseResult;
  let published: PublishResult;
  let ref: string;
  let opa: RunningOpa | undefined;
  const trust = () => ({ cosign: { pub: keys.cosignPub }, opaPub: readFileSync(keys.opaPub, "utf8") });
  const cosign = async (args: string[]): Promise<CommandResult> =>
    runCommand(await requireTool("cosign"), args, { env: { COSIGN_PASSWORD: PASSWORD } });
  const cosignVerify = (pub: string, digestRef: string): Promise<CommandResult> =>
    cosign(["verify", "--key", pub, "--insecure-ignore-tlog=true", "--allow-http-registry", digestRef]);

  beforeAll(async () => {
    process.env["COSIGN_PASSWORD"] = PASSWORD;
    [keys, other, registry] = await Promise.all([
      makeTestKeys("oci"),
      makeTestKeys("oci-other"),
      startRegistry(),
    ]);
    work = mkdtempSync(join(tmpdir(), "tollgate-oci-release-"));
    ref = `${registry.host}/tollgate/policies:0.0.0-test`;
    release = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(work, "out"),
      version: "0.0.0-test",
      libraries: SMALL_LIBRARIES,
      keys,
      testCommand: null,
    });
    published = await publishRelease(release, { ref, signer: { key: keys.cosignKey }, trust: trust() });
  }, 300_000);
  afterAll(async () => {
    await opa?.stop();
    await registry?.stop();
    for (const d of [work, ...[keys, other].filter(Boolean).map((k) => dirname(k.cosignKey))])
      if (d) rmSync(d, { recursive: true, force: true });
  });

  it("pushes the OPA bundle in the layout OPA pulls and the full release, signs and verifies both: green push, oci signature and oci verification steps", async () => {
    expect(release.ok).toBe(true);
    expect(
      published.steps.map((s) => `${s.name}:${s.ok}`),
      published.steps.map((s) => s.figure).join("\n"),
    ).toEqual(["push:true", "oci signature:true", "oci verification:true"]);
    expect(published.steps[0]!.figure).toContain(published.bundle!.digest.slice(0, 19));
    const m = await orasFetchManifest(published.bundle!.digestRef);
    expect(m.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(m.config).toMatchObject({
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: `sha256:${sha256Hex("{}")}`,
      size: 2,
    });
    expect(m.layers).toHaveLength(1);
    expect(m.layers[0]).toMatchObject({
      mediaType: OPA_BUNDLE_LAYER_MEDIA_TYPE,
      digest: `sha256:${sha256Hex(readFileSync(join(release.dir, "bundle.tar.gz")))}`,
    });
    const r = await orasFetchManifest(published.release!.digestRef);
    expect(r.artifactType).toBe(RELEASE_ARTIFACT_TYPE);
    expect(r.layers.map((l) => l.annotations?.["org.opencontainers.image.title"]).sort()).toEqual([
      "manifest.json.sigstore.json",
      "provenance.intoto.json",
      "provenance.sigstore.json",
      "tollgate-0.0.0-test.tar.gz",
    ]);
    // distribution 2.8 has no referrers API: cosign v3 falls back to the referrers tag schema.
    const tags = (await (await fetch(`${registry.url}/v2/tollgate/policies/tags/list`)).json()) as {
      tags: string[];
    };
    expect(tags.tags).toEqual(
      expect.arrayContaining([
        "0.0.0-test",
        "0.0.0-test-release",
        published.bundle!.digest.replace(":", "-"),
        published.release!.digest.replace(":", "-"),
      ]),
    );
  });

  it("the real cosign verify and verify-attestation accept both artifacts with the release key, and refuse another key", async () => {
    for (const a of [published.bundle!, published.release!]) {
      const v = await cosignVerify(keys.cosignPub, a.digestRef);
      expect(v.code, v.stderr).toBe(0);
      expect(JSON.parse(v.stdout.trim())[0].critical.image["docker-manifest-digest"]).toBe(a.digest);
      for (const type of ["cyclonedx", "slsaprovenance1"]) {
        const att = await cosign([
          "verify-attestation",
          "--key",
          keys.cosignPub,
          "--insecure-ignore-tlog=true",
          "--allow-http-registry",
          "--type",
          type,
          a.digestRef,
        ]);
        expect(att.code, att.stderr).toBe(0);
      }
      const wrong = await cosignVerify(other.cosignPub, a.digestRef);
      expect(wrong.code).not.toBe(0);
    }
  });

  it("tollgate verify OCI-REF passes by tag and by digest, listing what it checked; fails with the wrong keys", async () => {
    for (const r of [ref, published.bundle!.digestRef]) {
      const report = await verifyOciRelease(r, trust());
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      const text = report.checks.join("\n");
      for (const expected of [
        /bundle artifact: cosign verify passes/,
        /release artifact: cosign verify-attestation --type slsaprovenance1 passes/,
        /release folder: \d+ files match their signed sha256 digests/,
        /release folder: bundle\.tar\.gz: OPA bundle signature/,
        /its layer is the release's bundle\.tar\.gz/,
        /bundle artifact: the cyclonedx attestation is this release's SBOM/,
      ]) {
        expect(text).toMatch(expected);
      }
    }
    const wrongCosign = await verifyOciRelease(ref, {
      cosign: { pub: other.cosignPub },
      opaPub: readFileSync(keys.opaPub, "utf8"),
    });
    expect(wrongCosign.ok).toBe(false);
    expect(wrongCosign.problems.join("\n")).toMatch(/bundle artifact: cosign verify fails/);
    const wrongOpa = await verifyOciRelease(ref, {
      cosign: { pub: keys.cosignPub },
      opaPub: readFileSync(other.opaPub, "utf8"),
    });
    expect(wrongOpa.problems).toEqual([
      "release folder: bundle.tar.gz: the bundle signature does not verify with the given key",
    ]);
  });

  it("pushes each deploy folder in Flux's format under <tag>-<folder>, signed; verify checks each holds exactly the folder's files", async () => {
    expect(Object.keys(published.deploy ?? {}).sort()).toEqual(DEPLOY_FOLDERS.map((d) => d.folder).sort());
    for (const d of DEPLOY_FOLDERS) {
      const a = published.deploy![d.folder]!;
      expect(a.ref).toBe(`${ref}-${d.folder.replace("deploy/", "").replace("/", "-")}`);
      const m = await orasFetchManifest(a.digestRef);
      expect(m.config).toMatchObject({
        mediaType: FLUX_CONFIG_MEDIA_TYPE,
        digest: `sha256:${sha256Hex("{}")}`,
      });
      expect(m.layers.map((l) => l.mediaType)).toEqual([FLUX_CONTENT_MEDIA_TYPE]);
      const v = await cosignVerify(keys.cosignPub, a.digestRef);
      expect(v.code, v.stderr).toBe(0);
    }
    const report = await verifyOciRelease(ref, trust());
    expect(report.checks.filter((c) => c.startsWith("deploy artifact"))).toHaveLength(DEPLOY_FOLDERS.length);

    // Another VAP folder pushed over the tag, signed with the release key: verify names the difference.
    writeFileSync(
      join(work, "vap.tar.gz"),
      createTarGz([{ path: "kustomization.yaml", content: Buffer.from("resources: []\n") }]),
    );
    writeFileSync(join(work, "flux-config.json"), "{}");
    const vapRef = published.deploy!["deploy/vap"]!.ref;
    const pushed = await orasPush({
      ref: vapRef,
      cwd: work,
      config: { name: "flux-config.json", mediaType: FLUX_CONFIG_MEDIA_TYPE },
      files: [{ name: "vap.tar.gz", mediaType: FLUX_CONTENT_MEDIA_TYPE }],
    });
    await cosignSignImage({ key: keys.cosignKey }, withDigest(parseOciReference(vapRef), pushed.digest));
    const tampered = await verifyOciRelease(ref, trust());
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.join("\n")).toMatch(
      /deploy artifact :0\.0\.0-test-vap: holds kustomization\.yaml; the release's deploy\/vap holds/,
    );
    // Put the release's own back for the tests that follow.
    const again = await publishRelease(release, { ref, signer: { key: keys.cosignKey }, trust: trust() });
    expect(again.ok).toBe(true);
  });

  describe("an OPA server configured to pull the bundle from the registry", () => {
    const served = new Map<string, EngineResult[]>();

    it("activates the signed bundle and decides as tollgate eval does, per rule and per manifest", async () => {
      // The shipped configuration (the ConfigMap's config.yaml), started as docs/deploy.md says, with a plain-HTTP registry on
      // loopback and quick polling.
      const parsed = parseOciReference(ref);
      const shipped = parse(readFileSync(join(REPO_ROOT, OPA_CONFIG_FILE), "utf8")) as {
        data: Record<string, string>;
      };
      const configFile = join(work, "opa-config.yaml");
      writeFileSync(configFile, shipped.data[OPA_CONFIG_MAP.key]!);
      opa = await startOpaServer(configFile, {
        env: { [OPA_CONFIG_VARIABLES.registry]: parsed.registry, [OPA_CONFIG_VARIABLES.bundle]: ref },
        args: [
          "--set-file",
          `keys.${OPA_KEY_ID}.key=${keys.opaPub}`,
          "--set",
          `services.${OPA_SERVICE_NAME}.url=http://${parsed.registry}`,
          "--set",
          `bundles.${OPA_BUNDLE_NAME}.polling.min_delay_seconds=1`,
          "--set",
          `bundles.${OPA_BUNDLE_NAME}.polling.max_delay_seconds=2`,
          "--set",
          `persistence_directory=${join(work, "opa-persist")}`,
          "--set",
          "status.console=true",
        ],
      });
      const server = opa;
      await waitFor(
        async () => (await fetch(`${server.url}/health?bundles`)).status === 200,
        30_000,
        "OPA to activate the bundle",
      );
      const status = await bundleStatus(server);
      expect(status.active_revision).toBe(release.source!.commit);

      const oracle = createOracleEngine({ rules: RULES });
      const verdicts = new Set<string>();
      for (const { name, object } of manifests()) {
        const fromOpa = await opaVerdicts(server, object);
        const fromEval = oracle.evaluate(object);
        expect(fromOpa, name).toEqual(fromEval);
        served.set(name, fromOpa);
        for (const r of fromOpa) verdicts.add(r.verdict);
        const response = (await opaPost(server, "tollgate/admission/response", object)) as {
          allowed: boolean;
          uid: string;
        };
        expect(response.uid).toBe("e2e");
        expect(response.allowed, name).toBe(!fromEval.some((r) => r.verdict === "fail"));
      }
      expect([...verdicts].sort()).toEqual(["fail", "pass", "skip"]);
    });

    it("refuses a bundle re-signed with another key, or changed under its old signature, and keeps serving the last good one; cosign refuses both", async () => {
      const server = opa;
      if (!server) throw new Error("the OPA server did not start");
      const good = await bundleStatus(server);
      const internalOnly = { k8sallowedrepos: { repos: ["docker.io/", "registry.aibos.internal/"] } };
      const tamperings: {
        name: string;
        bundle: () => Promise<Buffer>;
        sign?: string;
        opaSays: RegExp;
        cosignSays: RegExp;
      }[] = [
        {
          name: "re-signed with another key",
          bundle: () => buildSignedOpaBundle(RULES, internalOnly, other.opaKey, "f".repeat(40)),
          sign: other.cosignKey,
          opaSays: /failed to verify JWT signature/,
          cosignSays: /signature/i,
        },
        {
          name: "data.json changed under the old signature",
          bundle: async () => {
            const files = readTarGz(readFileSync(join(release.dir, "bundle.tar.gz"))).map((f) =>
              f.path === "data.json"
                ? {
                    path: f.path,
                    content: Buffer.from(
                      JSON.stringify({
                        tollgate: {
                          parameters: {
                            ...JSON.parse(f.content.toString()).tollgate.parameters,
                            ...internalOnly,
                          },
                        },
                      }),
                    ),
                  }
                : f,
            );
            return createTarGz(files);
          },
          opaSays: /data\.json: digest mismatch/,
          cosignSays: /no signatures found/i,
        },
      ];
      const probe = manifests().find((m) => m.name === "a locked-down pod pulling from docker.io")!;
      for (const t of tamperings) {
        const dir = mkdtempSync(join(work, "tamper-"));
        writeFileSync(join(dir, "bundle.tar.gz"), await t.bundle());
        writeFileSync(join(dir, "config.json"), "{}");
        const pushed = await orasPush({
          ref,
          cwd: dir,
          config: { name: "config.json", mediaType: "application/vnd.oci.image.config.v1+json" },
          files: [{ name: "bundle.tar.gz", mediaType: OPA_BUNDLE_LAYER_MEDIA_TYPE }],
        });
        const digestRef = `${registry.host}/tollgate/policies@${pushed.digest}`;
        if (t.sign) {
          const s = await cosign([
            "sign",
            "--yes",
            "--key",
            t.sign,
            "--use-signing-config=false",
            "--tlog-upload=false",
            "--allow-http-registry",
            digestRef,
          ]);
          expect(s.code, s.stderr).toBe(0);
        }
        const pushedAt = Date.now();
        // OPA polls every 1-2 s: wait until it has tried the tampered bundle and refused it.
        let refused: BundleStatus = {};
        await waitFor(
          async () => {
            refused = await bundleStatus(server);
            return (
              refused.code === "bundle_error" &&
              Date.parse(refused.last_request ?? "") > pushedAt &&
              t.opaSays.test(refused.message ?? "")
            );
          },
          20_000,
          `OPA to refuse the bundle ${t.name} (last status ${JSON.stringify(refused)})`,
        );
        expect(refused.active_revision, t.name).toBe(good.active_revision);
        expect(refused.last_successful_activation).toBe(good.last_successful_activation);
        expect((await fetch(`${server.url}/health?bundles`)).status).toBe(200);
        for (const [name, verdicts] of served)
          expect(
            await opaVerdicts(server, manifests().find((m) => m.name === name)!.object),
            `${t.name}: ${name}`,
          ).toEqual(verdicts);
        expect(
          (await opaVerdicts(server, probe.object)).find((r) => r.rule === "k8sallowedrepos")!.verdict,
        ).toBe("fail");

        const v = await cosignVerify(keys.cosignPub, digestRef);
        expect(v.code, t.name).not.toBe(0);
        expect(v.stderr, t.name).toMatch(t.cosignSays);
        const report = await verifyOciRelease(ref, trust());
        expect(report.ok, t.name).toBe(false);
        expect(report.problems.join("\n"), t.name).toMatch(/bundle artifact: cosign verify fails/);
        expect(report.problems.join("\n"), t.name).toMatch(
          /bundle artifact: its layer sha256:[0-9a-f]{64} is not the release's bundle\.tar\.gz/,
        );
      }
      expect(server.logs()).toMatch(/Bundle load failed/);
    });
  });
});
