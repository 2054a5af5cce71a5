import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FLUX_NAMESPACE,
  startFlux,
  startGatekeeper,
  startKyverno,
  waitUntil,
  withControlPlane,
  type ControlPlane,
  type KubeObject,
} from "@tollgate/cluster";
import {
  DEPLOY_FOLDERS,
  FLUX_CONFIG_MEDIA_TYPE,
  FLUX_CONTENT_MEDIA_TYPE,
  FLUX_DIR,
  deliveryNameOf,
  deployTagOf,
} from "@tollgate/delivery";
import { startRegistry, type RunningRegistry } from "@tollgate/oci-registry";
import { runCommand } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { cosignSignImage } from "./cosign-cli.js";
import { createRelease, type ReleaseResult } from "./create-release.js";
import { parseOciReference, withDigest } from "./oci-reference.js";
import { orasPush } from "./oras-cli.js";
import { publishRelease } from "./publish-release.js";
import { makeTestKeys, REPO_ROOT, SMALL_LIBRARIES } from "./release.test-helpers.js";
import type { SigningKeys } from "./signing-keys.js";
import { createTarGz } from "./tar-archive.js";

const TAG = "1.0.0";
const FLUX_KUSTOMIZE = "kustomize.toolkit.fluxcd.io/v1";
const FLUX_SOURCE = "source.toolkit.fluxcd.io/v1";

/** A Pod every released rule admits: internal registry, pinned tag, non-root, no escalation. */
const GOOD_POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "good", namespace: "apps" },
  spec: {
    securityContext: { runAsNonRoot: true },
    containers: [
      {
        name: "app",
        image: "registry.aibos.internal/shop/web:1.4.2",
        securityContext: { allowPrivilegeEscalation: false },
      },
    ],
  },
};

/** A Pod every released rule denies. */
const BAD_POD = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "bad", namespace: "apps" },
  spec: {
    containers: [
      {
        name: "app",
        image: "docker.io/evil/miner:latest",
        securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: false },
      },
    ],
  },
};

/** What the API server prints when each target denies (see admission-messages.json). */
const DENIED_BY = {
  vap: /ValidatingAdmissionPolicy 'tollgate-[a-z0-9-]+' with binding 'tollgate-[a-z0-9-]+' denied request/,
  gatekeeper: /admission webhook "validation\.gatekeeper\.sh" denied the request: \[tollgate-[a-z0-9-]+\]/,
  kyverno:
    /admission webhook "vpol\.validate\.kyverno\.svc-fail" denied the request: Policy [a-z0-9-]+ failed/,
} as const;

/** The API server's answer to a server-side dry run of a Pod. */
async function admit(cluster: ControlPlane, pod: KubeObject): Promise<{ allowed: boolean; message: string }> {
  const answer = await cluster.client.create(pod, { dryRun: true });
  return {
    allowed: answer.status === 201 || answer.status === 200,
    message: String(answer.body["message"] ?? ""),
  };
}

function condition(
  object: KubeObject | undefined,
  type: string,
): { status?: string; reason?: string; message?: string } {
  const conditions = ((object?.["status"] as { conditions?: Record<string, string>[] } | undefined)
    ?.conditions ?? []) as { type: string; status?: string; reason?: string; message?: string }[];
  return conditions.find((c) => c.type === type) ?? {};
}

describe("a signed release pushed to a registry, delivered by the shipped Flux manifests", () => {
  let keys: SigningKeys;
  let other: SigningKeys;
  let registry: RunningRegistry;
  let release: ReleaseResult;
  let work: string;
  let ref: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tollgate-flux-"));
    process.env["COSIGN_PASSWORD"] = "test-password";
    [keys, other, registry] = await Promise.all([
      makeTestKeys("flux"),
      makeTestKeys("flux-other"),
      startRegistry(),
    ]);
    release = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: join(work, "release"),
      version: "0.0.0-flux",
      libraries: SMALL_LIBRARIES,
      keys,
      testCommand: null,
    });
    expect(release.steps.filter((s) => !s.ok)).toEqual([]);
    ref = `${registry.host}/tollgate/policies:${TAG}`;
    const published = await publishRelease(release, {
      ref,
      signer: { key: keys.cosignKey },
      trust: { cosign: { pub: keys.cosignPub }, opaPub: readFileSync(keys.opaPub, "utf8") },
    });
    expect(published.steps.filter((s) => !s.ok)).toEqual([]);
  }, 900_000);

  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /**
   * The shipped example overlay, filled in as an operator would (release.yaml and cosign.pub),
   * plus what only a test needs: a plain-HTTP registry on loopback and short intervals.
   */
  function fillInOverlay(): string {
    const copy = join(work, "flux");
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(REPO_ROOT, FLUX_DIR), copy, { recursive: true });
    const example = join(copy, "example");
    const releaseConfig = parse(readFileSync(join(example, "release.yaml"), "utf8")) as KubeObject;
    releaseConfig["data"] = { url: `oci://${registry.host}/tollgate/policies`, tag: TAG };
    writeFileSync(join(example, "release.yaml"), stringify(releaseConfig));
    cpSync(keys.cosignPub, join(example, "cosign.pub"));
    const overlay = parse(readFileSync(join(example, "kustomization.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    overlay["patches"] = [
      {
        target: { kind: "OCIRepository" },
        patch: stringify([
          { op: "add", path: "/spec/insecure", value: true },
          { op: "replace", path: "/spec/interval", value: "3s" },
        ]),
      },
      {
        target: { kind: "Kustomization", group: "kustomize.toolkit.fluxcd.io" },
        patch: stringify([
          { op: "replace", path: "/spec/interval", value: "10s" },
          { op: "replace", path: "/spec/retryInterval", value: "3s" },
        ]),
      },
    ];
    writeFileSync(join(example, "kustomization.yaml"), stringify(overlay));
    return example;
  }

  async function kustomize(dir: string): Promise<KubeObject[]> {
    const r = await runCommand("kubectl", ["kustomize", dir]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout
      .split(/^---$/m)
      .map((d) => parse(d) as KubeObject | null)
      .filter((d): d is KubeObject => d !== null);
  }

  async function fluxObject(apiVersion: string, kind: string, name: string): Promise<KubeObject | undefined> {
    return cluster().client.get(apiVersion, kind, name, FLUX_NAMESPACE);
  }

  let current: ControlPlane | undefined;
  function cluster(): ControlPlane {
    if (!current) throw new Error("no control plane");
    return current;
  }

  async function waitReady(names: readonly string[]): Promise<void> {
    const states = async (): Promise<string> => {
      const lines: string[] = [];
      for (const name of names)
        for (const [apiVersion, kind] of [
          [FLUX_SOURCE, "OCIRepository"],
          [FLUX_KUSTOMIZE, "Kustomization"],
        ] as const) {
          const ready = condition(await fluxObject(apiVersion, kind, name), "Ready");
          lines.push(`${kind}/${name}: ${ready.status ?? "?"} ${ready.reason ?? ""} ${ready.message ?? ""}`);
        }
      return lines.join("\n");
    };
    await waitUntil(
      `Flux Kustomizations ${names.join(", ")} to be ready`,
      async () => {
        for (const name of names) {
          const k = await fluxObject(FLUX_KUSTOMIZE, "Kustomization", name);
          if (condition(k, "Ready").status !== "True") return false;
        }
        return true;
      },
      300_000,
      1000,
    ).catch(async (e: unknown) => {
      throw new Error(`${(e as Error).message}\n${await states()}`);
    });
  }

  async function waitDeniedBy(target: keyof typeof DENIED_BY): Promise<{ message: string }> {
    let last = { allowed: true, message: "" };
    await waitUntil(
      `the bad Pod to be denied by ${target}`,
      async () => {
        last = await admit(cluster(), BAD_POD);
        return !last.allowed && DENIED_BY[target].test(last.message);
      },
      120_000,
      1000,
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; last answer: ${last.allowed ? "admitted" : last.message}`);
    });
    return last;
  }

  async function deleteKustomization(
    name: string,
    prunedKind: { apiVersion: string; kind: string },
  ): Promise<void> {
    await cluster().client.delete(FLUX_KUSTOMIZE, "Kustomization", name, FLUX_NAMESPACE);
    // prune: true: deleting the Kustomization removes what it applied.
    await waitUntil(
      `${name}'s ${prunedKind.kind}s to be pruned`,
      async () => {
        const list = await cluster().client.list(prunedKind.apiVersion, prunedKind.kind);
        return list.length === 0;
      },
      120_000,
      1000,
    );
  }

  it("ends up enforcing in the API server (VAP), Gatekeeper and Kyverno; a release signed by another key is refused and nothing changes", async () => {
    await withControlPlane(async (c) => {
      current = c;
      await startGatekeeper(c, { everyObject: true });
      await startKyverno(c);
      await startFlux(c);
      await c.createNamespace("apps");
      const rendered = await kustomize(fillInOverlay());
      const kinds = rendered.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`);
      // Four sources and four Kustomizations, one per deploy folder, and the key: nothing else.
      expect(kinds.sort()).toEqual(
        [
          ...DEPLOY_FOLDERS.flatMap((d) => [
            `OCIRepository/${deliveryNameOf(d.folder)}`,
            `Kustomization/${deliveryNameOf(d.folder)}`,
          ]),
          "Secret/tollgate-cosign-public-key",
        ].sort(),
      );
      for (const o of rendered) await c.client.apply(o);
      const all = DEPLOY_FOLDERS.map((d) => deliveryNameOf(d.folder));
      await waitReady(all);
      for (const d of DEPLOY_FOLDERS) {
        const source = await fluxObject(FLUX_SOURCE, "OCIRepository", deliveryNameOf(d.folder));
        expect(condition(source, "SourceVerified"), d.folder).toMatchObject({ status: "True" });
      }

      // The API server judges ValidatingAdmissionPolicies before calling webhooks: it denies first.
      expect((await waitDeniedBy("vap")).message).toMatch(/tollgate-/);
      expect(await admit(c, GOOD_POD)).toEqual({ allowed: true, message: "" });

      // Gatekeeper alone: remove the VAP and Kyverno deliveries (Flux prunes what they applied).
      await deleteKustomization(deliveryNameOf("deploy/vap"), {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
      });
      await deleteKustomization(deliveryNameOf("deploy/kyverno"), {
        apiVersion: "policies.kyverno.io/v1",
        kind: "ValidatingPolicy",
      });
      await waitDeniedBy("gatekeeper");
      expect((await admit(c, GOOD_POD)).allowed).toBe(true);

      // Kyverno alone: deliver it again, and remove Gatekeeper's constraints.
      for (const o of rendered.filter(
        (o) => (o.metadata as { name: string }).name === deliveryNameOf("deploy/kyverno"),
      ))
        await c.client.apply(o);
      await waitReady([deliveryNameOf("deploy/kyverno")]);
      await deleteKustomization(deliveryNameOf("deploy/gatekeeper/constraints"), {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sAllowedRepos",
      });
      await waitDeniedBy("kyverno");
      expect((await admit(c, GOOD_POD)).allowed).toBe(true);

      // Everything delivered again.
      for (const o of rendered) await c.client.apply(o);
      await waitReady(all);
      await waitDeniedBy("vap");

      // A release signed by another key over the same tags: each folder emptied (applied with prune,
      // it would remove every policy). Flux refuses each one and applies nothing.
      const before = new Map<string, string>();
      for (const name of all)
        before.set(
          name,
          String(
            (
              (await fluxObject(FLUX_KUSTOMIZE, "Kustomization", name))?.["status"] as {
                lastAppliedRevision?: string;
              }
            ).lastAppliedRevision,
          ),
        );
      writeFileSync(join(work, "flux-config.json"), "{}");
      writeFileSync(
        join(work, "empty.tar.gz"),
        createTarGz([{ path: "kustomization.yaml", content: Buffer.from("resources: []\n") }]),
      );
      for (const d of DEPLOY_FOLDERS) {
        const tagRef = `${registry.host}/tollgate/policies:${deployTagOf(TAG, d.folder)}`;
        const pushed = await orasPush({
          ref: tagRef,
          cwd: work,
          config: { name: "flux-config.json", mediaType: FLUX_CONFIG_MEDIA_TYPE },
          files: [{ name: "empty.tar.gz", mediaType: FLUX_CONTENT_MEDIA_TYPE }],
        });
        await cosignSignImage({ key: other.cosignKey }, withDigest(parseOciReference(tagRef), pushed.digest));
      }
      // Refused: the verification failed and the reconciliation that found it is over (while it
      // runs, Ready is Unknown), both seen on one reading of the object.
      const refused = new Map<string, KubeObject | undefined>();
      for (const name of all)
        await waitUntil(
          `${name} to refuse the artifact signed by another key`,
          async () => {
            const source = await fluxObject(FLUX_SOURCE, "OCIRepository", name);
            refused.set(name, source);
            return (
              condition(source, "SourceVerified").status === "False" &&
              condition(source, "Ready").status === "False"
            );
          },
          120_000,
          1000,
        );
      for (const name of all)
        expect(condition(refused.get(name), "SourceVerified").message, name).toMatch(
          /failed to verify the signature using provider 'cosign': no matching signatures were found/,
        );
      // Several reconciliations later, nothing was applied: same revisions, same policies enforcing.
      await new Promise((r) => setTimeout(r, 15_000));
      for (const name of all) {
        const k = await fluxObject(FLUX_KUSTOMIZE, "Kustomization", name);
        expect(String((k?.["status"] as { lastAppliedRevision?: string }).lastAppliedRevision), name).toBe(
          before.get(name),
        );
      }
      expect(
        (await c.client.list("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")).length,
      ).toBeGreaterThan(0);
      await waitDeniedBy("vap");
      expect((await admit(c, GOOD_POD)).allowed).toBe(true);
      current = undefined;
    });
  }, 1_200_000);
});
