import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  customResourceDefinitions,
  installCustomResourceDefinitions,
  kustomizeBuild as kustomize,
  readManifests,
  withControlPlane,
  type ControlPlane,
  type KubeObject,
} from "@tollgate/cluster";
import { goModuleDir, requireToolAsset } from "@tollgate/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARGOCD_APPLICATIONS_DIR } from "./argocd-applications.js";
import { deliveryFiles } from "./delivery-files.js";
import { FLUX_DIR } from "./flux-manifests.js";

/** Argo CD's module, for its Application CRD (3.1 added OCI sources). */
const ARGO_CD = { module: "github.com/argoproj/argo-cd/v3", version: "v3.5.8" } as const;

/** A server-side dry run with strict field validation: an unknown or misplaced field is refused. */
async function strictDryRun(
  cluster: ControlPlane,
  object: KubeObject,
): Promise<{ status: number; message: string }> {
  const answer = await cluster.client.create(object, { dryRun: true, fieldValidation: "Strict" });
  return { status: answer.status, message: String(answer.body["message"] ?? "") };
}

describe("the shipped Flux and Argo CD manifests, against the CRDs of the controllers that read them", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tollgate-delivery-schema-"));
    for (const [path, text] of deliveryFiles({
      tag: "1.0.0",
      repositoryUrl: "oci://registry.example.com/t/p",
    })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("every object passes strict field validation on a real API server; a misspelt field does not", async () => {
    const argo = await goModuleDir(ARGO_CD.module, ARGO_CD.version);
    const crds = customResourceDefinitions([
      ...readManifests(join(argo, "manifests/crds/application-crd.yaml")),
      ...readManifests(await requireToolAsset("source-controller", "share/crds")),
      ...readManifests(await requireToolAsset("kustomize-controller", "share/crds")),
    ]);
    await withControlPlane(async (cluster) => {
      await installCustomResourceDefinitions(cluster, crds);
      for (const ns of ["argocd", "flux-system"]) await cluster.createNamespace(ns);
      const objects = [
        ...kustomize<KubeObject>(join(root, FLUX_DIR, "example")),
        ...kustomize<KubeObject>(join(root, ARGOCD_APPLICATIONS_DIR, "example")),
      ];
      expect(objects.map((o) => o["kind"]).sort()).toEqual([
        ...Array<string>(4).fill("Application"),
        ...Array<string>(4).fill("Kustomization"),
        ...Array<string>(4).fill("OCIRepository"),
        "Secret",
      ]);
      for (const o of objects) {
        const answer = await strictDryRun(cluster, o);
        expect(answer, `${String(o["kind"])} ${JSON.stringify(o["metadata"])}`).toEqual({
          status: 201,
          message: "",
        });
      }
      // The check can fail: the same Application with one field misspelt is refused, by name.
      const app = objects.find((o) => o["kind"] === "Application")!;
      const spec = app["spec"] as Record<string, unknown>;
      const misspelt = { ...app, spec: { ...spec, syncPolicy: { automatd: { prune: true } } } };
      const refused = await strictDryRun(cluster, misspelt);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.message).toMatch(/automatd/);
    });
  });
});
