import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../repository-project.test-helpers.js";
import { loadConfig } from "./load-config.js";
import { loadProject } from "./project.js";

// Projects written to a temporary folder whose node_modules is this repository's, so that the
// libraries and @tollgate/cli resolve as they do in a team's repository.

let root = "";

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tollgate-config-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("tollgate.config", () => {
  it("is read as .json and .mjs too, and every path is relative to its folder", async () => {
    const json = project("json", {
      "tollgate.config.json": JSON.stringify({
        rules: [],
        libraries: [{ package: "@tollgate/policies-opa", include: { gates: [4] } }],
      }),
    });
    const fromJson = await loadProject(undefined, json);
    expect(fromJson.configFile).toBe(join(json, "tollgate.config.json"));
    expect(fromJson.rules.length).toBeGreaterThan(30);
    expect(fromJson.libraries.map((l) => [l.name, l.dir])).toEqual([["json", "."]]);
    const mjs = project("mjs", {
      "tollgate.config.mjs": `export default { rules: [], out: "policies", libraries: [{ package: "@tollgate/policies-kyverno", include: { ids: ["require-labels"] } }] };\n`,
    });
    const fromMjs = await loadProject(undefined, mjs);
    expect(fromMjs.rules.map((r) => r.meta.id)).toEqual(["require-labels"]);
    expect(fromMjs.libraries[0]?.dir).toBe("policies");
  });

  it("takes library rules by id, category and gate, and leaves out the excluded ones", async () => {
    const dir = project("select", {
      "tollgate.config.json": JSON.stringify({
        rules: [],
        libraries: [
          {
            package: "@tollgate/policies-kyverno",
            include: { categories: ["Pod Security Standards (Restricted)"], ids: ["require-labels"] },
            exclude: ["require-run-as-nonroot"],
          },
          { package: "@tollgate/policies-opa", include: { gates: [4] }, exclude: ["k8sallowedrepos"] },
        ],
      }),
    });
    const p = await loadProject(undefined, dir);
    const ids = p.rules.map((r) => r.meta.id);
    expect(ids).toContain("require-labels");
    expect(ids).toContain("require-run-as-non-root-user");
    expect(ids).not.toContain("require-run-as-nonroot");
    expect(ids).not.toContain("disallow-capabilities");
    expect(ids).toContain("k8sdisallowedtags");
    expect(ids).not.toContain("k8sallowedrepos");
    for (const r of p.rules.filter(
      (x) => x.meta.constraintKind === undefined && x.meta.id !== "require-labels",
    ))
      expect(r.meta.category).toBe("Pod Security Standards (Restricted)");
  });

  it("applies enforcement and namespace exclusions to the rules, and keeps each definition as written", async () => {
    const dir = project("apply", {
      "tollgate.config.json": JSON.stringify({
        rules: [],
        libraries: [
          { package: "@tollgate/policies-opa", include: { ids: ["k8sallowedrepos", "k8sdisallowedtags"] } },
        ],
        enforcement: { k8sallowedrepos: "audit", k8sdisallowedtags: "deny" },
        excludedNamespaces: ["kube-system"],
        ruleExcludedNamespaces: { k8sdisallowedtags: ["sandbox"] },
        parameters: { k8sallowedrepos: { repos: ["registry.example.com/"] } },
      }),
    });
    const p = await loadProject(undefined, dir);
    const repos = p.rules.find((r) => r.meta.id === "k8sallowedrepos")!;
    const tags = p.rules.find((r) => r.meta.id === "k8sdisallowedtags")!;
    expect(repos.enforcement).toBe("audit");
    expect(tags.enforcement).toBeUndefined();
    expect(repos.match.excludedNamespaces).toEqual(["kube-system"]);
    expect(tags.match.excludedNamespaces).toEqual(["kube-system", "sandbox"]);
    expect(p.params).toEqual({ k8sallowedrepos: { repos: ["registry.example.com/"] } });
    expect(
      p.definitions.every((r) => r.enforcement === undefined && r.match.excludedNamespaces.length === 0),
    ).toBe(true);
  });

  it("names the field and what it should be, for a setting of the wrong type, an unknown setting, rule or parameter", async () => {
    const cases: [object, RegExp][] = [
      [{ rules: "rules" }, /config\.rules must be a list of strings/],
      [
        { enforcement: { k8sallowedrepos: "block" } },
        /config\.enforcement\.k8sallowedrepos must be "deny", "warn" or "audit"/,
      ],
      [{ librarys: [] }, /config\.librarys is not a setting \(known: name, rules, slos, out, libraries/],
      [{ libraries: [{ include: "all" }] }, /config\.libraries\[0\]\.package is required/],
      [
        { libraries: [{ package: "@tollgate/policies-opa", include: { gates: [9] } }] },
        /gates must be a list of gates, 1 to 7/,
      ],
      [
        {
          rules: [],
          libraries: [{ package: "@tollgate/policies-opa", include: { ids: ["k8sallowedrepo"] } }],
        },
        /library @tollgate\/policies-opa has no rule "k8sallowedrepo"/,
      ],
      [
        {
          rules: [],
          libraries: [{ package: "@tollgate/policies-opa" }],
          parameters: { k8sallowedrepos: { repo: [] } },
        },
        /parameters: k8sallowedrepos has no parameter "repo"/,
      ],
      [
        {
          rules: [],
          libraries: [{ package: "@tollgate/policies-opa" }],
          parameters: { k8sallowedrepos: { repos: "x" } },
        },
        /parameters: k8sallowedrepos\.repos must be array, got string/,
      ],
      [
        {
          rules: [],
          libraries: [{ package: "@tollgate/policies-opa" }],
          enforcement: { "not-a-rule": "warn" },
        },
        /enforcement\.not-a-rule: no rule of the project has this id/,
      ],
      [
        { rules: [], libraries: [{ package: "left-pad-policies" }] },
        /library left-pad-policies is not installed/,
      ],
    ];
    for (const [i, [config, error]] of cases.entries()) {
      const dir = project(`bad-${String(i)}`, { "tollgate.config.json": JSON.stringify(config) });
      await expect(loadProject(undefined, dir), JSON.stringify(config)).rejects.toThrow(error);
    }
  });

  it("a config that does not load names its file; --config names a file that is not there", async () => {
    const dir = project("broken", { "tollgate.config.ts": "export default {\n" });
    await expect(loadConfig(undefined, dir)).rejects.toThrow(
      /tollgate\.config\.ts: could not load the configuration/,
    );
    await expect(loadConfig("nope.ts", dir)).rejects.toThrow(/config file nope\.ts does not exist/);
  });

  it("without a config file: every rule of both libraries, built together", async () => {
    const p = await loadProject(undefined, project("none", {}));
    expect(p.configFile).toBeUndefined();
    expect(p.rules.length).toBe(91);
    expect(p.libraries).toHaveLength(1);
  });
});
