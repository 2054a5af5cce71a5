import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A platform team's own policy repository, end to end, outside this repository and with only the
// packed tarballs: `npm pack` every package, `tollgate init`, `npm install` the tarballs, write a
// rule neither library has, take library rules with parameters, then test (every engine and the
// real CLIs), build, eval, regress (record, then a changed rule flips a verdict), release, verify.

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const WORKSPACES = ["packages", "policies-kyverno", "policies-opa", "generators"].flatMap((w) =>
  w === "packages" ? readdirSync(join(repo, w)).map((p) => join(repo, w, p)) : [join(repo, w)],
);

let scratch = "";
let project = "";

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  // The team's environment: no TOLLGATE_* settings of this repository leak in.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("TOLLGATE_") && k !== "INIT_CWD" && !k.startsWith("npm_"),
    ),
  );
  return spawnSync(command, [...args], {
    cwd,
    encoding: "utf8",
    env,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 1_800_000,
  });
}

function tollgate(args: readonly string[]): SpawnSyncReturns<string> {
  return run(join(project, "node_modules/.bin/tollgate"), args, project);
}

const output = (r: SpawnSyncReturns<string>) =>
  `exit ${String(r.status)}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;

const TEAM_RULE = `import { at, defineRule, eq, msg, read, violation, examplePod, exampleContainer } from "@tollgate/rule-dsl";

/** Every Pod names its owning team in the label \`team\`. */
export default defineRule({
  meta: {
    id: "require-team-label",
    title: "Require Team Label",
    category: "Best Practices",
    severity: "low",
    gate: 5,
    subject: "Pod",
    description: "Every Pod must carry a non-empty team label, so that on-call knows whom to page.",
    remediation: "Add metadata.labels.team to the Pod.",
  },
  match: { kinds: [{ group: "", version: "v1", kind: "Pod", resource: "pods" }] },
  violations: ({ metadata }) => [
    violation({
      when: eq(read(at(metadata.labels, "LABEL"), ""), ""),
      field: at(metadata.labels, "LABEL"),
      message: msg\`the Pod has no LABEL label: set metadata.labels.LABEL\`,
    }),
  ],
  examples: {
    denied: [{ title: "a Pod without the label", object: examplePod("unlabelled", { containers: [exampleContainer("app")] }) }],
    allowed: [{ title: "a Pod with the label", object: examplePod("labelled", { containers: [exampleContainer("app")] }, { labels: { LABEL: "shop" } }) }],
  },
});
`;

const CONFIG = `import { defineConfig } from "@tollgate/cli";

export default defineConfig({
  rules: ["rules"],
  libraries: [
    { package: "@tollgate/policies-kyverno", include: { ids: ["disallow-privileged-containers"] } },
    { package: "@tollgate/policies-opa", include: { ids: ["k8sallowedrepos", "k8sdisallowedtags"] } },
  ],
  parameters: { k8sallowedrepos: { repos: ["registry.example.com/"] } },
  enforcement: { k8sdisallowedtags: "warn" },
  excludedNamespaces: ["kube-system"],
  regress: { corpus: ["manifests"], baseline: "regress/baseline.yaml" },
});
`;

const DEBUG_POD = `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec:
  containers:
    - { name: shell, image: "nginx:latest", securityContext: { privileged: true } }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { team: shop } }
spec:
  containers:
    - { name: api, image: "registry.example.com/shop/api:2.0.1" }
`;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "tollgate-team-"));
  const packs = join(scratch, "packs");
  mkdirSync(packs);
  for (const w of WORKSPACES) {
    const r = run("npm", ["pack", "--silent", "--pack-destination", packs], w);
    if (r.status !== 0) throw new Error(`npm pack ${w}: ${output(r)}`);
  }
  project = join(scratch, "team-policies");
  const init = run(process.execPath, [join(repo, "packages/cli/bin/tollgate.js"), "init", project], scratch);
  if (init.status !== 0) throw new Error(`tollgate init: ${output(init)}`);
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  const install = run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs],
    project,
  );
  if (install.status !== 0) throw new Error(`npm install: ${output(install)}`);
  writeFileSync(join(project, "tollgate.config.ts"), CONFIG);
  mkdirSync(join(project, "rules/require-team-label"), { recursive: true });
  writeFileSync(join(project, "rules/require-team-label/rule.ts"), TEAM_RULE.replaceAll("LABEL", "team"));
  writeFileSync(join(project, "manifests/debug.yaml"), DEBUG_POD);
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "policies"],
  ])
    run("git", args, project);
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("a team's own policy repository, from the packed tarballs", () => {
  it("tollgate init wrote the repository, and refuses to run again in it", () => {
    for (const f of [
      "package.json",
      "tsconfig.json",
      "README.md",
      ".gitignore",
      ".github/workflows/policies.yaml",
      ".github/workflows/release.yaml",
      "rules/disallow-host-aliases/rule.ts",
    ]) {
      expect(existsSync(join(project, f)), f).toBe(true);
    }
    const again = run(
      process.execPath,
      [join(repo, "packages/cli/bin/tollgate.js"), "init", project],
      scratch,
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("is not empty");
    // nothing in the installed packages reads this repository's shared folder or a workspace path
    expect(readFileSync(join(project, "package.json"), "utf8")).not.toContain(repo);
  });

  it("tollgate doctor finds the pinned tools", () => {
    const r = tollgate(["doctor"]);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain("tools present at their pinned versions");
  });

  it("tollgate test: every engine and the real CLIs agree on the team's rule and the library rules taken", () => {
    const r = tollgate(["test", "--runs", "200", "--cli-samples", "20"]);
    expect(r.status, output(r)).toBe(0);
    for (const id of [
      "require-team-label",
      "disallow-host-aliases",
      "k8sallowedrepos",
      "k8sdisallowedtags",
      "disallow-privileged-containers",
    ])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/kyverno +\d+ checked, 0 mismatches/);
    expect(r.stdout).toMatch(/gator +\d+ checked, 0 mismatches/);
    expect(r.stdout).toContain("HARNESS PASSED");
  });

  it("tollgate build writes generated/ with the configured parameters, enforcement and exclusions", () => {
    const r = tollgate(["build"]);
    expect(r.status, output(r)).toBe(0);
    const generated = join(project, "generated");
    expect(readdirSync(generated).sort()).toEqual([
      "catalogue.json",
      "disallow-host-aliases",
      "disallow-privileged-containers",
      "k8sallowedrepos",
      "k8sdisallowedtags",
      "opa-bundle",
      "require-team-label",
    ]);
    expect(readFileSync(join(generated, "k8sallowedrepos/gatekeeper/constraint.yaml"), "utf8")).toContain(
      "registry.example.com/",
    );
    expect(readFileSync(join(generated, "k8sdisallowedtags/gatekeeper/constraint.yaml"), "utf8")).toContain(
      "enforcementAction: warn",
    );
    expect(readFileSync(join(generated, "k8sdisallowedtags/kyverno/policy.yaml"), "utf8")).toMatch(
      /validationActions:\n\s+- Warn/,
    );
    expect(readFileSync(join(generated, "require-team-label/gatekeeper/constraint.yaml"), "utf8")).toContain(
      "kube-system",
    );
    expect(tollgate(["build", "--check"]).status).toBe(0);
  });

  it("tollgate eval on the manifests: the expected denials, exit 1", () => {
    const r = tollgate(["eval", "-o", "json", "manifests"]);
    expect(r.status, output(r)).toBe(1);
    const report = JSON.parse(r.stdout) as {
      results: { resource: { name: string }; rule: string; verdict: string }[];
    };
    const failed = report.results
      .filter((x) => x.verdict === "fail" && x.resource.name === "debug")
      .map((x) => x.rule)
      .sort();
    expect(failed).toEqual([
      "disallow-privileged-containers",
      "k8sallowedrepos",
      "k8sdisallowedtags",
      "require-team-label",
    ]);
    expect(report.results.filter((x) => x.verdict === "fail" && x.resource.name !== "debug")).toEqual([]);
  });

  it("tollgate regress: records the verdicts, then lists the flip a changed rule makes", () => {
    const update = tollgate(["regress", "--update"]);
    expect(update.status, output(update)).toBe(0);
    expect(existsSync(join(project, "regress/baseline.yaml"))).toBe(true);
    expect(tollgate(["regress"]).status).toBe(0);
    const rule = join(project, "rules/require-team-label/rule.ts");
    writeFileSync(rule, TEAM_RULE.replaceAll("LABEL", "owner"));
    try {
      const r = tollgate(["regress"]);
      expect(r.status, output(r)).toBe(1);
      expect(r.stdout).toMatch(
        /Newly denied \(1\):\n\s+DENY\s+require-team-label\s+manifests\/debug\.yaml#1 v1\/Pod shop\/api/,
      );
    } finally {
      writeFileSync(rule, TEAM_RULE.replaceAll("LABEL", "team"));
    }
  });

  it("a type error in a rule is reported with file and line, exit 2, and the other rules still evaluate", () => {
    const bad = join(project, "rules/broken-rule");
    mkdirSync(bad);
    writeFileSync(
      join(bad, "rule.ts"),
      TEAM_RULE.replaceAll("LABEL", "team")
        .replace('id: "require-team-label"', 'id: "broken-rule"')
        .replace('severity: "low"', 'severity: "urgent"'),
    );
    try {
      const build = tollgate(["build", "--check"]);
      expect(build.status, output(build)).toBe(2);
      expect(build.stderr).toMatch(/rules\/broken-rule\/rule\.ts:\d+:\d+: rule broken-rule: TS2322/);
      writeFileSync(join(bad, "rule.ts"), "export default 42;\n");
      const r = tollgate(["eval", "-o", "json", "manifests"]);
      expect(r.status, output(r)).toBe(2);
      expect(r.stderr).toContain(
        "rules/broken-rule/rule.ts: rule broken-rule: rule.ts must export its rule as the default export",
      );
      expect((JSON.parse(r.stdout) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it("tollgate release builds, tests and signs it; tollgate verify accepts it", () => {
    const commit = run(
      "git",
      ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qam", "baseline and generated"],
      project,
    );
    expect([0, 1]).toContain(commit.status);
    const r = tollgate(["release"]);
    expect(r.status, output(r)).toBe(0);
    expect(r.stdout).toContain("✔ conformance");
    const dir = readdirSync(join(project, "dist/release")).find((f) => !f.endsWith(".tar.gz"))!;
    const verify = tollgate(["verify", join("dist/release", dir)]);
    expect(verify.status, output(verify)).toBe(0);
    // A guard against a hang, not a speed test: the release runs every suite with the real tools,
    // which takes minutes on a busy machine.
  }, 900_000);
});
