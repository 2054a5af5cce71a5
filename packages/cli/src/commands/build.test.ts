import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildArtifacts, staleArtifacts } from "@tollgate/artifacts";
import { describe, expect, it } from "vitest";
import { readAdmissionMessages } from "./admission-messages.js";
import { runBuild } from "./build.js";
import { REPO_CONFIG, REPO_PROJECT, REPO_ROOT as repoRoot } from "../repository-project.test-helpers.js";
import { TOLLGATE_VERSION } from "../version.js";

const LIBRARIES = REPO_PROJECT.libraries;
const options = {
  version: TOLLGATE_VERSION,
  docsBaseUrl: "docs/rules/",
  admissionMessages: readAdmissionMessages(repoRoot),
  slos: { services: REPO_PROJECT.slos, generatedDir: REPO_PROJECT.generatedDir },
};

describe("tollgate build", () => {
  it("the committed generated files are what a fresh build writes (run 'npx tollgate build' after changing a rule)", () => {
    const stale = staleArtifacts(buildArtifacts(LIBRARIES, options), repoRoot, LIBRARIES);
    expect(stale).toEqual({ changed: [], missing: [], extra: [] });
  });

  it("is deterministic: two builds give the same bytes", () => {
    const a = buildArtifacts(LIBRARIES, options);
    const b = buildArtifacts(LIBRARIES, options);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    expect([...a.files].every(([k, v]) => b.files.get(k) === v)).toBe(true);
  });

  it("emits every rule to every target, with a doc page and an index listing it", () => {
    const r = buildArtifacts(LIBRARIES, options);
    const ids = LIBRARIES.flatMap((l) => l.rules.map((x) => x.meta.id));
    for (const lib of LIBRARIES) {
      for (const rule of lib.rules) {
        for (const f of [
          "gatekeeper/template.yaml",
          "gatekeeper/constraint.yaml",
          "gatekeeper/suite.yaml",
          "kyverno/policy.yaml",
          "kyverno/.kyverno-test/kyverno-test.yaml",
          "vap/policy.yaml",
          `opa/${rule.meta.id}.rego`,
        ]) {
          expect(r.files.has(`${lib.dir}/generated/${rule.meta.id}/${f}`), `${rule.meta.id} ${f}`).toBe(true);
        }
      }
    }
    const index = r.files.get("docs/rules/README.md")!;
    for (const id of ids) expect(index).toContain(`](${id}.md)`);
    expect(r.unsupported).toEqual([]);
  });

  it("writes to --out, applies --params to Constraints and inlined CEL, and --check sees the difference", async () => {
    const out = mkdtempSync(join(tmpdir(), "tollgate-build-"));
    try {
      const params = join(out, "params.yaml");
      writeFileSync(params, "k8sallowedrepos:\n  repos: [ghcr.io/acme/]\n");
      expect(await runBuild(["--config", REPO_CONFIG, "--out", out, "--params", params])).toBe(0);
      expect(
        readFileSync(join(out, "policies-opa/generated/k8sallowedrepos/gatekeeper/constraint.yaml"), "utf8"),
      ).toContain("ghcr.io/acme/");
      expect(
        readFileSync(join(out, "policies-opa/generated/k8sallowedrepos/kyverno/policy.yaml"), "utf8"),
      ).toContain("ghcr.io/acme/");
      expect(await runBuild(["--config", REPO_CONFIG, "--out", out, "--params", params, "--check"])).toBe(0);
      expect(await runBuild(["--config", REPO_CONFIG, "--out", out, "--check"])).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("rejects a --params file naming an unknown rule, parameter or wrong type", async () => {
    const out = mkdtempSync(join(tmpdir(), "tollgate-build-"));
    try {
      const params = join(out, "params.yaml");
      for (const [text, error] of [
        ["k8sallowedrepo:\n  repos: []\n", /unknown rule "k8sallowedrepo"/],
        ["k8sallowedrepos:\n  repo: []\n", /has no parameter "repo"/],
        ["k8sallowedrepos:\n  repos: x\n", /repos must be array, got string/],
        // A key given twice is an error, naming the file and the line, not the last one silently winning.
        [
          "k8sallowedrepos:\n  repos: []\n  repos: [x]\n",
          /--params \S+params\.yaml: Map keys must be unique at line 3/,
        ],
      ] as const) {
        writeFileSync(params, text);
        await expect(runBuild(["--config", REPO_CONFIG, "--out", out, "--params", params])).rejects.toThrow(
          error,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
