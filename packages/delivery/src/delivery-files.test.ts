import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deliveryFiles } from "./delivery-files.js";
import { kustomizeBuild as kustomize } from "@tollgate/cluster";
import { DEPLOY_FOLDERS } from "./deploy-layout.js";
import { FLUX_DIR, FLUX_KEY_SECRET } from "./flux-manifests.js";
import { ARGOCD_APPLICATIONS_DIR } from "./argocd-applications.js";
import { OPA_CONFIG_FILE, OPA_CONFIG_MAP } from "./opa-config-file.js";
import { opaConfig } from "./opa-config.js";
import { deliveryNameOf, deployTagOf, FLUX_CONTENT_MEDIA_TYPE } from "./oci-tags.js";

const OPTIONS = { tag: "0.9.0", repositoryUrl: "oci://registry.example.com/tollgate/policies" };

type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

describe("the shipped delivery manifests", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tollgate-delivery-"));
    for (const [path, text] of deliveryFiles(OPTIONS)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("Flux: the example overlay names, for each deploy folder, the tag the push gives it, verified with the key", () => {
    const docs = kustomize<Doc>(join(root, FLUX_DIR, "example"));
    const sources = docs.filter((d) => d.kind === "OCIRepository");
    expect(sources.map((s) => s.metadata.name).sort()).toEqual(
      DEPLOY_FOLDERS.map((d) => deliveryNameOf(d.folder)).sort(),
    );
    for (const d of DEPLOY_FOLDERS) {
      const source = sources.find((s) => s.metadata.name === deliveryNameOf(d.folder))!;
      expect(source.metadata.namespace).toBe("flux-system");
      expect(source.spec).toMatchObject({
        url: OPTIONS.repositoryUrl,
        ref: { tag: deployTagOf(OPTIONS.tag, d.folder) },
        layerSelector: { mediaType: FLUX_CONTENT_MEDIA_TYPE, operation: "extract" },
        verify: { provider: "cosign", secretRef: { name: FLUX_KEY_SECRET } },
      });
    }
    // The ConfigMap naming the release is local to kustomize; only the key Secret comes with the sources.
    expect(
      docs.filter((d) => d.kind !== "OCIRepository" && d.kind !== "Kustomization").map((d) => d.kind),
    ).toEqual(["Secret"]);
  });

  it("Flux: Gatekeeper constraints wait for the templates, every Kustomization prunes and waits", () => {
    const kustomizations = kustomize<Doc>(join(root, FLUX_DIR, "example")).filter(
      (d) => d.kind === "Kustomization",
    );
    expect(kustomizations).toHaveLength(DEPLOY_FOLDERS.length);
    for (const k of kustomizations) expect(k.spec).toMatchObject({ prune: true, wait: true, path: "./" });
    const constraints = kustomizations.find(
      (k) => k.metadata.name === deliveryNameOf("deploy/gatekeeper/constraints"),
    )!;
    expect(constraints.spec!["dependsOn"]).toEqual([{ name: deliveryNameOf("deploy/gatekeeper/templates") }]);
  });

  it("Flux: the base alone names no release tag and no key, so it pulls nothing (fail closed)", () => {
    const docs = kustomize<Doc>(join(root, FLUX_DIR, "base"));
    for (const s of docs.filter((d) => d.kind === "OCIRepository"))
      expect((s.spec!["ref"] as { tag: string }).tag).toMatch(/^TAG-/);
    const secret = docs.find((d) => d.kind === "Secret")!;
    expect(Buffer.from(secret.data!["cosign.pub"]!, "base64").toString()).not.toMatch(/BEGIN PUBLIC KEY/);
  });

  it("Argo CD: an Application per deploy folder at its tag, templates in wave 0 before constraints in wave 1", () => {
    const apps = kustomize<Doc>(join(root, ARGOCD_APPLICATIONS_DIR, "example"));
    expect(apps).toHaveLength(DEPLOY_FOLDERS.length);
    for (const d of DEPLOY_FOLDERS) {
      const app = apps.find((a) => a.metadata.name === deliveryNameOf(d.folder)) as Doc & {
        metadata: { annotations: Record<string, string> };
      };
      expect(app.spec!["source"]).toEqual({
        repoURL: OPTIONS.repositoryUrl,
        targetRevision: deployTagOf(OPTIONS.tag, d.folder),
        path: ".",
      });
      expect(app.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe(
        d.folder.endsWith("/constraints") ? "1" : "0",
      );
    }
  });

  it("OPA: the shipped configuration is the one the code makes, with the registry, bundle and key left to start-up", () => {
    const text = deliveryFiles(OPTIONS).get(OPA_CONFIG_FILE)!;
    const configMap = parse(text) as Doc;
    expect(configMap).toMatchObject({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: OPA_CONFIG_MAP.name },
    });
    expect(parse(configMap.data![OPA_CONFIG_MAP.key]!)).toEqual(
      opaConfig({ serviceUrl: "https://${TOLLGATE_REGISTRY}", resource: "${TOLLGATE_BUNDLE}" }),
    );
    expect(text).toMatch(/--set-file keys\.tollgate-release\.key=/);
  });
});
