import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GITHUB_ACTIONS_ISSUER, keylessIdentityFromEnv, parseOciReference } from "@tollgate/release";
import { runCommand } from "@tollgate/toolchain";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS } from "./registry.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const WORKFLOW = join(REPO_ROOT, ".github", "workflows", "release.yaml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  "timeout-minutes": number;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

/** Splits a shell command line into words (quotes kept out, variables left as written). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

/** Every `npx tollgate <command> …` in a step's script, as argv after `tollgate`. */
function tollgateCalls(script: string): string[][] {
  return script
    .split(/\n|&&|\|\||;/)
    .map((part) => words(part.trim()))
    .filter((w) => w[0] === "npx" && w[1] === "tollgate")
    .map((w) => w.slice(2));
}

const workflow = parse(readFileSync(WORKFLOW, "utf8")) as Workflow;
const job = workflow.jobs["release"]!;
const script = (name: RegExp) => job.steps.find((s) => s.name && name.test(s.name))?.run ?? "";

describe(".github/workflows/release.yaml", () => {
  it("parses, runs on version tags and by hand, and asks for the least permissions it needs", () => {
    expect(workflow.name).toBe("release");
    expect(workflow.on).toEqual({ push: { tags: ["v*"] }, workflow_dispatch: null });
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(Object.keys(workflow.jobs)).toEqual(["release"]);
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", packages: "write" });
    expect(job["runs-on"]).toMatch(/^ubuntu-/);
    expect(job["timeout-minutes"]).toBeGreaterThanOrEqual(90);
  });

  it("has well-formed steps: each one action pinned to a major version, or one script; names unique; no expressions inside scripts", () => {
    const names = job.steps.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of job.steps) {
      expect(typeof s.name, JSON.stringify(s)).toBe("string");
      expect(Number(s.uses !== undefined) + Number(s.run !== undefined), s.name).toBe(1);
      if (s.uses) expect(s.uses, s.name).toMatch(/^[\w-]+\/[\w-]+@(v\d+|[0-9a-f]{40})$/);
      // Expressions go through env, never into a script (no script injection, no secret in a command line).
      if (s.run) expect(s.run, s.name).not.toContain("${{");
    }
    for (const s of job.steps)
      for (const v of Object.values(s.env ?? {})) expect(v).toMatch(/^\$\{\{ (secrets|steps)\.[\w.]+ \}\}$/);
  });

  it("sets up as the README says and calls tollgate release --keyless --push and tollgate verify with options the CLI documents", async () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm run setup");
    expect(job.steps.some((s) => s.run?.trim() === "npm run setup")).toBe(true);
    const calls = job.steps.flatMap((s) => (s.run ? tollgateCalls(s.run) : []));
    expect(calls.map((c) => c[0])).toEqual(["release", "verify"]);
    for (const [name, ...args] of calls) {
      const usage = (await COMMANDS.find((c) => c.name === name)!.load()).usage;
      for (const flag of args.filter((a) => a.startsWith("--")))
        expect(usage, `${name} ${flag}`).toMatch(new RegExp(`${flag}\\b`));
    }
    const [release, verify] = calls as [string[], string[]];
    expect(release).toEqual(expect.arrayContaining(["--keyless", "--push", "--opa-key"]));
    expect(release).not.toContain("--skip-tests");
    expect(release).not.toContain("--key");
    expect(verify).toEqual(
      expect.arrayContaining([
        "--certificate-identity",
        "$SIGNER_IDENTITY",
        "--certificate-oidc-issuer",
        "$OIDC_ISSUER",
      ]),
    );
    expect(job.env).toEqual({
      OIDC_ISSUER: GITHUB_ACTIONS_ISSUER,
      SIGNER_IDENTITY: "https://github.com/${{ github.workflow_ref }}",
    });
  });

  it("verifies against the identity keyless signing in that job gets", () => {
    const workflowRef = "acme/tollgate/.github/workflows/release.yaml@refs/tags/v0.1.0";
    const signer = keylessIdentityFromEnv({
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.example",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t",
      GITHUB_WORKFLOW_REF: workflowRef,
    });
    expect(signer.identity).toBe(
      job.env!["SIGNER_IDENTITY"]!.replace("${{ github.workflow_ref }}", workflowRef),
    );
    expect(signer.issuer).toBe(job.env!["OIDC_ISSUER"]);
  });

  it("its image-reference script (run with bash) gives a ghcr.io reference tollgate accepts, for a tag and for a branch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tollgate-workflow-"));
    try {
      const run = script(/^Image reference$/);
      for (const [refType, refName, expected] of [
        ["tag", "v0.1.0", "ghcr.io/acme-corp/tollgate-policies:v0.1.0"],
        ["branch", "main", "ghcr.io/acme-corp/tollgate-policies:sha-0123456789ab"],
      ] as const) {
        const output = join(dir, `${refType}.out`);
        const r = await runCommand("bash", ["-e", "-c", run], {
          env: {
            GITHUB_REPOSITORY_OWNER: "Acme-Corp",
            GITHUB_REF_TYPE: refType,
            GITHUB_REF_NAME: refName,
            GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
            GITHUB_OUTPUT: output,
          },
        });
        expect(r.code, r.stderr).toBe(0);
        const ref = readFileSync(output, "utf8").trim().replace(/^ref=/, "");
        expect(ref).toBe(expected);
        expect(parseOciReference(ref).tag).toBeDefined();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
