import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

// The GitHub Actions policy check (.github/workflows/policy-check.yaml): its structure, and its
// shell steps run here as the runner would run them (bash -eo pipefail, GITHUB_OUTPUT files),
// with the real `tollgate`, on projects that pass, fail a rule, hold bad input or hold nothing.

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const workflowFile = join(repo, ".github/workflows/policy-check.yaml");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, { "runs-on": string; permissions: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(workflowFile, "utf8")) as Workflow;
const job = Object.values(workflow.jobs)[0]!;
const steps = job.steps;
const indexOf = (match: (s: Step) => boolean, what: string): number => {
  const i = steps.findIndex(match);
  if (i < 0) throw new Error(`no step ${what}`);
  return i;
};
const runs = (pattern: RegExp) => (s: Step) => pattern.test(s.run ?? "");

describe(".github/workflows/policy-check.yaml", () => {
  it("runs on pull requests, with read-only contents and code scanning writes for the job only", () => {
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(Object.keys(workflow.on)).toContain("pull_request");
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toMatchObject({ contents: "read", "security-events": "write" });
    expect(job["runs-on"]).toBe("ubuntu-latest");
    expect(workflow.defaults?.run?.shell).toBe("bash");
  });

  it("installs Tollgate as the README says, renders charts and kustomizations when present, evaluates, uploads, then fails closed", () => {
    const checkout = indexOf((s) => s.uses?.startsWith("actions/checkout@") === true, "checking out");
    const node = indexOf((s) => s.uses?.startsWith("actions/setup-node@") === true, "setting up Node");
    expect(steps[node]!.with?.["node-version"]).toBe("20");
    const npmCi = indexOf(runs(/^npm ci --no-audit --no-fund$/m), "running npm ci");
    const build = indexOf(runs(/^npm run build$/m), "building");
    const tools = indexOf(runs(/npx tollgate-install-tools opa/), "installing the engines");
    const find = indexOf((s) => s.id === "find", "finding charts and kustomizations");
    const helm = indexOf(runs(/helm template /), "running helm template");
    const kustomize = indexOf(runs(/kustomize build /), "running kustomize build");
    expect(steps[helm]!.if).toBe("steps.find.outputs.charts != ''");
    expect(steps[kustomize]!.if).toBe("steps.find.outputs.kustomizations != ''");
    const evaluate = indexOf((s) => s.id === "eval", "evaluating");
    expect(steps[evaluate]!.run).toMatch(
      /npx --no-install tollgate eval --engine "\$TOLLGATE_ENGINE" -o sarif "\$\{paths\[@\]\}" > "\$TOLLGATE_SARIF"/,
    );
    const upload = indexOf(
      (s) => s.uses?.startsWith("github/codeql-action/upload-sarif@") === true,
      "uploading SARIF",
    );
    expect(steps[upload]!.with).toMatchObject({
      sarif_file: "${{ env.TOLLGATE_SARIF }}",
      category: "tollgate",
    });
    expect(steps[upload]!.if).toMatch(/^always\(\) && steps\.eval\.outputs\.code != ''/);
    const gate = steps.length - 1;
    expect(steps[gate]!.if).toBe("always()");
    expect(steps[gate]!.env).toEqual({ CODE: "${{ steps.eval.outputs.code }}" });
    const order = [checkout, node, npmCi, build, tools, find, helm, kustomize, evaluate, upload, gate];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The evaluation step itself never fails the job: the last step decides, from the exit code.
    expect(steps[evaluate]!.if).toBeUndefined();
  });

  it("has sensible, overridable defaults for where the manifests are", () => {
    expect(Object.keys(workflow.on["workflow_dispatch"] as { inputs: object }).length).toBeGreaterThan(0);
    expect(workflow.env).toMatchObject({
      TOLLGATE_MANIFESTS: "${{ inputs.manifests || 'deploy' }}",
      TOLLGATE_CHARTS: "${{ inputs.charts || 'charts' }}",
      TOLLGATE_KUSTOMIZATIONS: "${{ inputs.kustomizations || 'kustomize' }}",
      TOLLGATE_ENGINE: "${{ inputs.engine || 'all' }}",
    });
  });

  it("pins every action to a release and keeps expressions out of shell scripts", () => {
    for (const s of steps) {
      if (s.uses) expect(s.uses, s.name).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
      if (s.run) expect(s.run, s.name).not.toContain("${{");
    }
  });

  describe("its shell steps, run as the runner runs them", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "tollgate-workflow-"));
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Resolves the two kinds of expression the workflow's env blocks use. */
    function resolveExpression(value: string, outputs: Record<string, Record<string, string>>): string {
      return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
        const input = /^inputs\.\w+ \|\| '([^']*)'$/.exec(expression);
        if (input) return input[1]!; // no inputs on pull_request: the default
        const output = /^steps\.(\w+)\.outputs\.(\w+)$/.exec(expression);
        if (output) return outputs[output[1]!]?.[output[2]!] ?? "";
        throw new Error(`the test cannot evaluate \${{ ${expression} }}`);
      });
    }

    function condition(
      expression: string | undefined,
      outputs: Record<string, Record<string, string>>,
    ): boolean {
      if (expression === undefined || expression === "always()") return true;
      const m = /^steps\.(\w+)\.outputs\.(\w+) != ''$/.exec(expression);
      if (!m) throw new Error(`the test cannot evaluate if: ${expression}`);
      return (outputs[m[1]!]?.[m[2]!] ?? "") !== "";
    }

    /**
     * Runs every shell step after the set-up (already done here: this is the built repository),
     * skipping those whose `if` is false, like the runner: bash -eo pipefail, step outputs
     * through GITHUB_OUTPUT, only always() steps after a failure. Returns each step's exit code
     * and output, and the step outputs.
     */
    function runWorkflow(name: string, cwd: string, env: Record<string, string>) {
      const work = join(dir, `run-${name}`);
      mkdirSync(work, { recursive: true });
      const outputs: Record<string, Record<string, string>> = {};
      const log: { step: string; code: number | null; out: string }[] = [];
      const first = steps.findIndex((s) => s.id === "find");
      let failed = false;
      for (const step of steps.slice(first)) {
        // After a failed step the runner runs only the steps marked always().
        if (!step.run || (failed && !step.if?.startsWith("always()")) || !condition(step.if, outputs))
          continue;
        const outputFile = join(work, `output-${log.length}`);
        writeFileSync(outputFile, "");
        const stepEnv = Object.fromEntries(
          Object.entries(step.env ?? {}).map(([k, v]) => [k, resolveExpression(v, outputs)]),
        );
        const workflowEnv = Object.fromEntries(
          Object.entries(workflow.env).map(([k, v]) => [k, resolveExpression(v, outputs)]),
        );
        const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
          cwd,
          encoding: "utf8",
          timeout: 120_000,
          env: {
            ...process.env,
            NO_COLOR: "1",
            ...workflowEnv,
            ...env,
            ...stepEnv,
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: join(work, "summary.md"),
          },
        });
        log.push({ step: step.name ?? step.id ?? "?", code: r.status, out: r.stdout + r.stderr });
        if (step.id)
          outputs[step.id] = Object.fromEntries(
            readFileSync(outputFile, "utf8")
              .split("\n")
              .filter(Boolean)
              .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
          );
        if (r.status !== 0) failed = true;
      }
      return { log, outputs, gate: log.at(-1)! };
    }

    const sarifOf = (file: string) =>
      JSON.parse(readFileSync(file, "utf8")) as {
        version: string;
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
          invocations: { executionSuccessful: boolean }[];
        }[];
      };

    it("on this repository with the defaults (deploy/, every engine): passes, with a clean SARIF log", () => {
      const sarif = join(dir, "repo.sarif");
      const { outputs, gate, log } = runWorkflow("repo", repo, { TOLLGATE_SARIF: sarif });
      expect(outputs["find"]).toEqual({ charts: "", kustomizations: "" });
      expect(outputs["eval"], JSON.stringify(log, null, 1)).toEqual({ code: "0" });
      const run = sarifOf(sarif).runs[0]!;
      expect(sarifOf(sarif).version).toBe("2.1.0");
      expect(run.results).toEqual([]);
      expect(run.invocations[0]!.executionSuccessful).toBe(true);
      expect(gate).toMatchObject({ step: expect.stringMatching(/fail closed/), code: 0 });
    });

    it("a project whose kustomization renders a pod that breaks a rule: SARIF results, and the job fails", () => {
      const project = join(dir, "project");
      mkdirSync(join(project, "deploy"), { recursive: true });
      mkdirSync(join(project, "kustomize/app"), { recursive: true });
      cpSync(join(repo, "deploy/argocd/tollgate-presync-job.yaml"), join(project, "deploy/job.yaml"));
      writeFileSync(
        join(project, "kustomize/app/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: latest}\nspec:\n  containers: [{name: app, image: 'nginx:latest'}]\n",
      );
      writeFileSync(
        join(project, "kustomize/app/kustomization.yaml"),
        "resources: [pod.yaml]\nnamespace: shop\n",
      );
      const sarif = join(dir, "project.sarif");
      const rendered = join(dir, "project-rendered");
      const { outputs, gate, log } = runWorkflow("project", repo, {
        TOLLGATE_MANIFESTS: join(project, "deploy"),
        TOLLGATE_CHARTS: join(project, "charts"),
        TOLLGATE_KUSTOMIZATIONS: join(project, "kustomize"),
        TOLLGATE_RENDERED: rendered,
        TOLLGATE_SARIF: sarif,
        TOLLGATE_ENGINE: "oracle",
      });
      expect(outputs["find"]).toEqual({ charts: "", kustomizations: join(project, "kustomize/app") });
      expect(log.map((l) => l.step)).toContain("Render kustomizations (kustomize build)");
      expect(outputs["eval"], JSON.stringify(log, null, 1)).toEqual({ code: "1" });
      const results = sarifOf(sarif).runs[0]!.results;
      const latest = results.find((r) => r.ruleId === "disallow-latest-tag");
      expect(latest?.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(
        /^.*project-rendered\/kustomize\/.*kustomize_app\.yaml$/,
      );
      expect(
        results.every((r) => !r.locations[0]!.physicalLocation.artifactLocation.uri.includes("job.yaml")),
      ).toBe(true);
      expect(gate.code).toBe(1);
      expect(gate.out).toContain("::error::tollgate eval: a rule failed (exit 1)");
      expect(readFileSync(join(dir, "run-project", "summary.md"), "utf8")).toMatch(
        /FAIL\s+disallow-latest-tag/,
      );
    });

    it("unusable input (exit 2) fails the job", () => {
      writeFileSync(join(dir, "broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n");
      const sarif = join(dir, "broken.sarif");
      const { outputs, gate } = runWorkflow("broken", repo, {
        TOLLGATE_MANIFESTS: join(dir, "broken.yaml"),
        TOLLGATE_CHARTS: join(dir, "none"),
        TOLLGATE_KUSTOMIZATIONS: join(dir, "none"),
        TOLLGATE_RENDERED: join(dir, "broken-rendered"),
        TOLLGATE_SARIF: sarif,
        TOLLGATE_ENGINE: "oracle",
      });
      expect(outputs["eval"]).toEqual({ code: "2" });
      expect(sarifOf(sarif).runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
      expect(gate.code).toBe(1);
      expect(gate.out).toContain("unusable input or an engine error (exit 2)");
    });

    it("finds each chart once (a subchart renders with its parent) and every kustomization", () => {
      const root = join(dir, "layout");
      for (const folder of [
        "charts/app/charts/sub",
        "charts/app-b",
        "more-charts/c",
        "kustomize/base",
        "kustomize/overlays/prod",
        "kustomize/notes",
      ])
        mkdirSync(join(root, folder), { recursive: true });
      for (const chart of ["charts/app", "charts/app/charts/sub", "charts/app-b", "more-charts/c"])
        writeFileSync(join(root, chart, "Chart.yaml"), "apiVersion: v2\nname: x\nversion: 0.1.0\n");
      writeFileSync(join(root, "kustomize/base/kustomization.yaml"), "resources: []\n");
      writeFileSync(join(root, "kustomize/overlays/prod/kustomization.yml"), "resources: [../../base]\n");
      const find = steps.find((s) => s.id === "find")!;
      const output = join(dir, "find-output");
      writeFileSync(output, "");
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", find.run!], {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          TOLLGATE_CHARTS: "charts more-charts absent",
          TOLLGATE_KUSTOMIZATIONS: "kustomize",
          GITHUB_OUTPUT: output,
        },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(output, "utf8")).toBe(
        "charts=charts/app-b charts/app more-charts/c\nkustomizations=kustomize/base kustomize/overlays/prod\n",
      );
    });

    it("no manifests at all fails the job too, and so does a missing exit code", () => {
      const { outputs, gate } = runWorkflow("empty", repo, {
        TOLLGATE_MANIFESTS: join(dir, "nothing-here"),
        TOLLGATE_CHARTS: join(dir, "none"),
        TOLLGATE_KUSTOMIZATIONS: join(dir, "none"),
        TOLLGATE_RENDERED: join(dir, "empty-rendered"),
        TOLLGATE_SARIF: join(dir, "empty.sarif"),
      });
      expect(outputs["eval"]).toEqual({ code: "2" });
      expect(gate.code).toBe(1);
      const last = steps.at(-1)!;
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", last.run!], {
        encoding: "utf8",
        env: { ...process.env, CODE: "" },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("failing closed");
    });
  });
});
