import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPLOY_FOLDERS, OPA_BUNDLE_DEPLOY_FILE, OPA_CONFIG_FILE, opaConfigFile } from "@tollgate/delivery";
import {
  installCustomResourceDefinitions,
  readManifests,
  startGatekeeper,
  withControlPlane,
} from "@tollgate/cluster";
import { requireToolAsset, runCommand } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease, type ReleaseResult } from "./create-release.js";
import { makeTestKeys, REPO_ROOT, SMALL_LIBRARIES } from "./release.test-helpers.js";

describe("a release's deploy folders on a real API server", () => {
  let release: ReleaseResult;
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "tollgate-deploy-"));
    // The password of the key pair makeTestKeys makes.
    process.env["COSIGN_PASSWORD"] = "test-password";
    release = await createRelease({
      repoRoot: REPO_ROOT,
      outDir: out,
      version: "0.0.0-deploy",
      libraries: SMALL_LIBRARIES,
      keys: await makeTestKeys("deploy"),
      testCommand: null,
    });
    expect(release.steps.filter((s) => !s.ok)).toEqual([]);
  }, 600_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("applies each folder with kubectl apply -k, in order, and creates nothing but policy objects", async () => {
    await withControlPlane(async (cluster) => {
      await startGatekeeper(cluster);
      const crds = readManifests(
        join(await requireToolAsset("kyverno-admission", "share/crds"), "policies.kyverno.io"),
      );
      await installCustomResourceDefinitions(
        cluster,
        crds.filter((c) => c["kind"] === "CustomResourceDefinition"),
      );
      const constraintKinds = new Set<string>();
      for (const d of DEPLOY_FOLDERS) {
        const folder = join(release.dir, d.folder);
        const objects = readdirSync(folder)
          .filter((f) => f !== "kustomization.yaml")
          .flatMap((f) => readManifests(join(folder, f)));
        expect(objects.length, d.folder).toBeGreaterThan(0);
        const allowed: readonly string[] = d.kinds.length > 0 ? d.kinds : [...constraintKinds];
        for (const o of objects) expect(allowed, `${d.folder}: ${String(o["kind"])}`).toContain(o["kind"]);
        if (d.folder.endsWith("templates"))
          for (const o of objects)
            constraintKinds.add(
              (o["spec"] as { crd: { spec: { names: { kind: string } } } }).crd.spec.names.kind,
            );
        // The Constraint kinds exist once Gatekeeper has read the templates.
        let applied = { code: 1 as number | null, stdout: "", stderr: "" };
        for (let attempt = 0; attempt < 60 && applied.code !== 0; attempt++) {
          applied = await runCommand("kubectl", [
            "--kubeconfig",
            cluster.kubeconfigFile,
            "apply",
            "-k",
            folder,
          ]);
          if (applied.code !== 0) await new Promise((r) => setTimeout(r, 2000));
        }
        expect(applied.code, `${d.folder}: ${applied.stderr}`).toBe(0);
        const created = applied.stdout.trim().split("\n");
        expect(created, d.folder).toHaveLength(objects.length);
        for (const line of created) expect(line, d.folder).toMatch(/ (created|configured|unchanged)$/);
      }
      // Nothing else: no example workload, no test kind was created anywhere.
      const pods = await cluster.client.send("GET", "/api/v1/pods");
      const names = ((pods.body["items"] ?? []) as { metadata: { namespace: string } }[]).map(
        (p) => p.metadata.namespace,
      );
      expect(names.every((ns) => ns === "gatekeeper-system")).toBe(true);
    });
  }, 600_000);

  it("keeps the suites and samples under tests/, not in any deploy folder", () => {
    const kustomizations = DEPLOY_FOLDERS.map((d) =>
      readFileSync(join(release.dir, d.folder, "kustomization.yaml"), "utf8"),
    );
    for (const k of kustomizations) expect(k).not.toMatch(/samples|suite|kyverno-test/);
    expect(readdirSync(join(release.dir, "tests"))).toEqual(["policies-kyverno", "policies-opa"]);
    // OPA's configuration goes with the bundle; Flux and Argo CD manifests stay in the repository.
    expect(readdirSync(join(release.dir, "deploy")).sort()).toEqual(["gatekeeper", "kyverno", "opa", "vap"]);
    expect(readFileSync(join(release.dir, OPA_CONFIG_FILE), "utf8")).toBe(opaConfigFile());
    expect(readFileSync(join(release.dir, OPA_BUNDLE_DEPLOY_FILE))).toEqual(
      readFileSync(join(release.dir, "bundle.tar.gz")),
    );
  });
});
