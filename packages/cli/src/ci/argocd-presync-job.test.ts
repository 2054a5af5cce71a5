import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dumpYaml, loadYaml } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";

// The Argo CD PreSync hook (deploy/argocd/): a valid batch/v1 Job with the hook annotations,
// hardened, that passes every rule of our own libraries in every engine, and whose script
// really fetches, renders and evaluates an application's source, failing closed.

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const bin = join(repo, "packages/cli/bin/tollgate.js");
const jobFile = join(repo, "deploy/argocd/tollgate-presync-job.yaml");

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  securityContext?: Record<string, unknown> & {
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
  };
}
interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: {
    backoffLimit?: number;
    template: {
      spec: {
        restartPolicy: string;
        automountServiceAccountToken?: boolean;
        securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
        containers: Container[];
        initContainers?: Container[];
      };
    };
  };
}

const text = readFileSync(jobFile, "utf8");
const job = parse(text) as Job;
const podSpec = job.spec.template.spec;
const containers = [...podSpec.containers, ...(podSpec.initContainers ?? [])];
const script = podSpec.containers[0]?.args?.[0] ?? "";

/**
 * `data` through the typed Kubernetes client and back: equal to `data` when every field is a
 * field of its type, with a value of the right shape (the client drops what it does not know).
 */
function roundTrip(data: unknown): unknown {
  const typed: unknown = loadYaml(stringify(data));
  return parse(dumpYaml(typed));
}

/** Every document of a YAML stream, failing on the first error. */
function loadAll(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw d.errors[0]!;
    return d.toJS() as unknown;
  });
}

function hasKubectl(): boolean {
  return spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
}

describe("deploy/argocd/tollgate-presync-job.yaml", () => {
  it("is one batch/v1 Job, every field known to the Kubernetes types", () => {
    expect(loadAll(text)).toHaveLength(1);
    expect(job.apiVersion).toBe("batch/v1");
    expect(job.kind).toBe("Job");
    expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(roundTrip(job)).toEqual(job);
    // The check itself: a misspelt field does not survive the round trip.
    const misspelt = structuredClone(job);
    (misspelt.spec.template.spec.containers[0]!.securityContext as Record<string, unknown>)[
      "readOnlyRootFileSystem"
    ] = true;
    expect(roundTrip(misspelt)).not.toEqual(misspelt);
    const priorityClass = parse(
      readFileSync(join(repo, "deploy/argocd/tollgate-priorityclass.yaml"), "utf8"),
    );
    expect(roundTrip(priorityClass)).toEqual(priorityClass);
  });

  it("is an Argo CD PreSync hook that runs once and fails the sync when it fails", () => {
    expect(job.metadata.annotations?.["argocd.argoproj.io/hook"]).toBe("PreSync");
    const policies = (job.metadata.annotations?.["argocd.argoproj.io/hook-delete-policy"] ?? "").split(",");
    expect(policies).toContain("BeforeHookCreation");
    expect(policies.every((p) => ["BeforeHookCreation", "HookSucceeded", "HookFailed"].includes(p))).toBe(
      true,
    );
    expect(job.spec.backoffLimit).toBe(0);
    expect(podSpec.restartPolicy).toBe("Never");
    // The container's exit code is tollgate's: the script stops at the first error and ends in exec.
    expect(podSpec.containers).toHaveLength(1);
    expect(podSpec.containers[0]!.command).toEqual(["/bin/sh", "-c"]);
    expect(script.trimStart().startsWith("set -eu\n")).toBe(true);
    expect(script).toMatch(
      /\nexec tollgate eval --engine "\$\{TOLLGATE_ENGINE:-all\}" -o table "\$rendered"\n$/,
    );
  });

  it("is hardened: non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp, no token", () => {
    expect(podSpec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(podSpec.automountServiceAccountToken).toBe(false);
    for (const c of containers) {
      expect(c.securityContext, c.name).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(c.securityContext?.capabilities?.drop, c.name).toContain("ALL");
      expect(c.securityContext?.capabilities?.add ?? [], c.name).toEqual([]);
      expect(c.image, c.name).toMatch(/@sha256:[0-9a-f]{64}$/);
    }
  });

  it("reads every variable its script uses from its own environment", () => {
    const env = new Set(podSpec.containers[0]!.env?.map((e) => e.name));
    const used = new Set([...script.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !env.has(name))).toEqual([]);
    const annotations =
      podSpec.containers[0]!.env?.flatMap((e) =>
        e.valueFrom?.fieldRef ? [e.valueFrom.fieldRef.fieldPath] : [],
      ) ?? [];
    expect(annotations.sort()).toEqual(
      ["source-repo-url", "source-revision", "source-path", "app-name"]
        .map((a) => `metadata.annotations['tollgate.dev/${a}']`)
        .sort(),
    );
  });

  it("passes every rule of both libraries in every engine (tollgate eval --engine all on itself)", () => {
    const r = spawnSync(process.execPath, [bin, "eval", "--engine", "all", "-o", "json", jobFile], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      results: { rule: string; engine: string; verdict: string }[];
      errors: unknown[];
    };
    expect(report.errors).toEqual([]);
    expect(report.results.filter((x) => x.verdict !== "pass" && x.verdict !== "skip")).toEqual([]);
    expect([...new Set(report.results.map((x) => x.engine))].sort()).toEqual(["cel", "oracle", "rego"]);
    const passed = new Set(report.results.filter((x) => x.verdict === "pass").map((x) => x.rule));
    expect(passed.size).toBeGreaterThanOrEqual(70);
    // The restricted Pod Security Standard, and the rules that read what this Job hardens: applied, and passed.
    for (const rule of [
      "require-run-as-nonroot",
      "require-run-as-non-root-user",
      "restrict-seccomp-strict",
      "disallow-capabilities-strict",
      "disallow-privilege-escalation",
      "restrict-volume-types",
      "require-ro-rootfs",
      "k8spspreadonlyrootfilesystem",
      "k8spspallowprivilegeescalationcontainer",
      "k8spspcapabilities",
      "k8spspseccomp",
      "restrict-automount-sa-token",
      "k8sallowedrepos",
      "k8simagedigests",
    ]) {
      expect(passed.has(rule), rule).toBe(true);
    }
  });

  it.skipIf(!hasKubectl())(
    "renders with kustomize, and Argo CD's common annotations reach the pod the downward API reads",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "tollgate-kustomize-"));
      try {
        const base = join(repo, "deploy/argocd");
        const rendered = loadAll(execFileSync("kubectl", ["kustomize", base], { encoding: "utf8" })) as Job[];
        expect(rendered.map((o) => o.kind)).toEqual(["Job"]);
        expect(rendered[0]!.spec.template.spec.containers[0]!.image).toBe(podSpec.containers[0]!.image);
        // What an Application's `kustomize.commonAnnotations` adds (here without the env substitution).
        writeFileSync(
          join(dir, "kustomization.yaml"),
          `resources: [${JSON.stringify(relative(dir, base))}]\ncommonAnnotations:\n  tollgate.dev/source-repo-url: https://git.example/app.git\n  tollgate.dev/source-revision: 0123abc\n`,
        );
        const overlaid = parse(
          execFileSync("kubectl", ["kustomize", "--load-restrictor=LoadRestrictionsNone", dir], {
            encoding: "utf8",
          }),
        ) as Job & {
          spec: { template: { metadata: { annotations: Record<string, string> } } };
        };
        expect(overlaid.spec.template.metadata.annotations).toMatchObject({
          "tollgate.dev/source-repo-url": "https://git.example/app.git",
          "tollgate.dev/source-revision": "0123abc",
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  describe("its script, run as the container would (real git, real tollgate)", () => {
    let dir: string;
    let revision: string;
    const git = (cwd: string, ...args: string[]) =>
      execFileSync(
        "git",
        ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main", ...args],
        { cwd, encoding: "utf8" },
      ).trim();

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "tollgate-presync-"));
      // An application repository: plain manifests (the hook itself among them), a kustomization, a bad pod on a branch.
      const source = join(dir, "origin");
      mkdirSync(join(source, "apps/plain"), { recursive: true });
      mkdirSync(join(source, "apps/kustomized"), { recursive: true });
      cpSync(jobFile, join(source, "apps/plain/tollgate-presync-job.yaml"));
      cpSync(jobFile, join(source, "apps/kustomized/job.yaml"));
      // No apiVersion or kind: read as a manifest instead of rendered, it would be an error (exit 2).
      writeFileSync(
        join(source, "apps/kustomized/kustomization.yaml"),
        "resources: [job.yaml]\nnamePrefix: shop-\n",
      );
      git(source, "init", "--quiet");
      git(source, "add", ".");
      git(source, "commit", "--quiet", "-m", "app");
      revision = git(source, "rev-parse", "HEAD");
      git(source, "checkout", "--quiet", "-b", "bad");
      writeFileSync(
        join(source, "apps/plain/latest.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: latest, namespace: shop}\nspec:\n  containers: [{name: app, image: 'nginx:latest'}]\n",
      );
      git(source, "add", ".");
      git(source, "commit", "--quiet", "-m", "bad");
      git(source, "checkout", "--quiet", "main");
      // `tollgate` on PATH is this repository's command line.
      mkdirSync(join(dir, "bin"));
      writeFileSync(
        join(dir, "bin/tollgate"),
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"\n`,
      );
      chmodSync(join(dir, "bin/tollgate"), 0o755);
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function runScript(name: string, annotations: Record<string, string>) {
      const work = join(dir, name);
      const env: Record<string, string> = {
        PATH: `${join(dir, "bin")}:${process.env["PATH"] ?? ""}`,
        WORK: work,
        HOME: join(work, "home"),
        TMPDIR: join(work, "tmp"),
        NO_COLOR: "1",
        TOLLGATE_ENGINE: "oracle",
        GIT_CONFIG_NOSYSTEM: "1",
        ...annotations,
      };
      const r = spawnSync("/bin/sh", ["-c", script], { env, encoding: "utf8", timeout: 120_000 });
      return { code: r.status, out: r.stdout + r.stderr };
    }

    it("passes a plain-manifest application at a commit", () => {
      const r = runScript("plain", {
        SOURCE_REPO_URL: `file://${join(dir, "origin")}`,
        SOURCE_REVISION: revision,
        SOURCE_PATH: "apps/plain",
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/1 resources, \d+ checks: 0 failed/);
    });

    it("renders a kustomization and evaluates the result", () => {
      const r = runScript("kustomized", {
        SOURCE_REPO_URL: `file://${join(dir, "origin")}`,
        SOURCE_REVISION: "main",
        SOURCE_PATH: "apps/kustomized",
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/1 resources, \d+ checks: 0 failed, \d+ passed, \d+ skipped, 0 errors/);
    });

    it("fails (exit 1) when the revision holds a manifest that breaks a rule", () => {
      const r = runScript("bad", {
        SOURCE_REPO_URL: `file://${join(dir, "origin")}`,
        SOURCE_REVISION: "bad",
        SOURCE_PATH: "apps/plain",
      });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/FAIL\s+disallow-latest-tag/);
    });

    it("fails closed without a revision, or with one that does not exist", () => {
      const none = runScript("none", { SOURCE_REPO_URL: `file://${join(dir, "origin")}` });
      expect(none.code).not.toBe(0);
      expect(none.out).toContain("the annotation tollgate.dev/source-revision is not set");
      const missing = runScript("missing", {
        SOURCE_REPO_URL: `file://${join(dir, "origin")}`,
        SOURCE_REVISION: "no-such-branch",
      });
      expect(missing.code).not.toBe(0);
    });
  });
});
