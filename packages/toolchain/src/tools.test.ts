import { describe, expect, it } from "vitest";
import { installHint } from "./install.js";
import { matchPinnedVersion } from "./locate.js";
import { installableTools, TOOLS, toolSpec } from "./tools.js";

describe("pinned tools", () => {
  it("pins the tools the tests need, at the versions the project chose", () => {
    const pinned = TOOLS.filter((t) => t.route.kind !== "go-build-local");
    expect(Object.fromEntries(pinned.map((t) => [t.name, t.version]))).toEqual({
      opa: "v1.22.3",
      gator: "v3.23.1",
      kyverno: "v1.19.0",
      cosign: "v3.1.2",
      oras: "v1.3.6",
      "docker-registry": "2.8",
      chromium: "156",
      etcd: "3.4.23",
      gatekeeper: "v3.23.1",
      "kube-apiserver": "v1.37.2",
      "kyverno-admission": "v1.19.0",
      "source-controller": "v1.9.6",
      "kustomize-controller": "v1.9.6",
      prometheus: "2.42.0",
      promtool: "2.42.0",
      "argo-rollouts": "v1.10.2",
    });
  });

  it("versions a helper built from this repository by its sources, and installs it only where they are", () => {
    const helper = toolSpec("analysis-eval");
    expect(helper.version).toMatch(/^src-[0-9a-f]{12}$/);
    expect(helper.route).toMatchObject({ kind: "go-build-local", goToolchain: "go1.27.3" });
    expect(installableTools().map((t) => t.name)).toContain("analysis-eval");
    expect(installHint(helper)).toContain("slo/analysis-eval");
    expect(toolSpec("image-ref").version).toMatch(/^src-[0-9a-f]{12}$/);
  });

  it("accepts only the pinned version in a tool's own version output", () => {
    const opa = toolSpec("opa");
    expect(matchPinnedVersion("Version: 1.22.3\nBuild Commit:", opa)).toBe("Version: 1.22.3");
    expect(matchPinnedVersion("Version: 1.22.30", opa)).toBeUndefined();
    expect(matchPinnedVersion("Version: 1.22.2", opa)).toBeUndefined();
    const registry = toolSpec("docker-registry");
    expect(
      matchPinnedVersion("docker-registry github.com/docker/distribution 2.8.2+ds1", registry),
    ).toBeDefined();
    expect(
      matchPinnedVersion("docker-registry github.com/docker/distribution 2.7.1", registry),
    ).toBeUndefined();
  });

  it("gives each tool an install command a person can run", () => {
    expect(installHint(toolSpec("opa"))).toMatch(
      /^CGO_ENABLED=1 GOBIN=.*opa-v1\.22\.3-wasm\/bin go install -tags opa_wasm -ldflags="-s -w" github\.com\/open-policy-agent\/opa@v1\.22\.3$/,
    );
    expect(installHint(toolSpec("cosign"))).toMatch(/^CGO_ENABLED=0 /);
    expect(installHint(toolSpec("docker-registry"))).toBe(
      "apt-get update && apt-get install -y docker-registry",
    );
    expect(installHint(toolSpec("kyverno"))).toContain("github.com/kyverno/kyverno@v1.19.0");
  });
});
