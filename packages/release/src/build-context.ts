import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { inspectTools, runCommand, type ToolStatus } from "@tollgate/toolchain";
import { sha256Hex } from "./digests.js";

/** An npm package the build resolved, from package-lock.json. */
export interface ResolvedPackage {
  readonly name: string;
  readonly version: string;
  /** Subresource integrity (`sha512-…`) as the lock file records it. */
  readonly integrity?: string;
}

/** A pinned engine or tool, with the digest of the binary that ran. */
export interface ResolvedTool {
  readonly name: string;
  readonly version: string;
  readonly module?: string;
  readonly path: string;
  readonly sha256: string;
}

/** What built the release: the source, the machine's tools and the resolved dependencies. */
export interface BuildContext {
  readonly repoRoot: string;
  readonly commit: string;
  /**
   * The number of commits up to the source commit: it grows with every release of a branch, so
   * a verifier can refuse one older than the release it runs. Absent in a shallow clone.
   */
  readonly commitCount?: number;
  readonly dirty: boolean;
  readonly sourceUri: string;
  /** Seconds since the epoch of the commit: the release's timestamps, for reproducibility. */
  readonly sourceDateEpoch: number;
  readonly node: string;
  readonly tools: ResolvedTool[];
  readonly packages: ResolvedPackage[];
  readonly builderId: string;
}

/**
 * The packages in package-lock.json (every installed package, workspaces excluded), sorted.
 *
 * @param repoRoot - the repository root
 * @returns the packages
 */
export function resolvedPackages(repoRoot: string): ResolvedPackage[] {
  const lockFile = join(repoRoot, "package-lock.json");
  if (!existsSync(lockFile))
    throw new Error(
      `${repoRoot} has no package-lock.json: the SBOM lists every package the build resolved; run npm install there first`,
    );
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as {
    packages: Record<string, { version?: string; integrity?: string; link?: boolean; name?: string }>;
  };
  const seen = new Map<string, ResolvedPackage>();
  for (const [path, p] of Object.entries(lock.packages)) {
    if (!path.includes("node_modules/") || p.link || !p.version) continue;
    const name = p.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const key = `${name}@${p.version}`;
    if (!seen.has(key))
      seen.set(key, { name, version: p.version, ...(p.integrity ? { integrity: p.integrity } : {}) });
  }
  return [...seen.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
}

async function git(repoRoot: string, args: string[]): Promise<string> {
  const r = await runCommand("git", ["-C", repoRoot, ...args]);
  return r.code === 0 ? r.stdout.trim() : "";
}

/**
 * Gathers the build context: git commit and state, the pinned tools with the digests of their
 * binaries, the npm packages, and the builder's identity (the CI workflow when run there).
 *
 * @param repoRoot - the repository root
 * @returns the context
 */
export async function gatherBuildContext(repoRoot: string): Promise<BuildContext> {
  const commit = (await git(repoRoot, ["rev-parse", "HEAD"])) || "0".repeat(40);
  const shallow = (await git(repoRoot, ["rev-parse", "--is-shallow-repository"])) === "true";
  const count = shallow ? "" : await git(repoRoot, ["rev-list", "--count", "HEAD"]);
  const dirty = (await git(repoRoot, ["status", "--porcelain", "--untracked-files=no"])) !== "";
  const epochText = process.env["SOURCE_DATE_EPOCH"] ?? (await git(repoRoot, ["log", "-1", "--format=%ct"]));
  const remote = await git(repoRoot, ["config", "--get", "remote.origin.url"]);
  const statuses: ToolStatus[] = await inspectTools();
  const tools = statuses.flatMap((t) =>
    t.present
      ? [
          {
            name: t.spec.name,
            version: t.spec.version,
            ...("module" in t.spec.route ? { module: t.spec.route.module } : {}),
            path: t.tool.path,
            sha256: sha256Hex(readFileSync(t.tool.path)),
          },
        ]
      : [],
  );
  const repo = process.env["GITHUB_REPOSITORY"];
  const builderId =
    process.env["GITHUB_ACTIONS"] === "true" && repo
      ? `https://github.com/${repo}/.github/workflows/release.yaml@${process.env["GITHUB_REF"] ?? "refs/heads/main"}`
      : `urn:tollgate:builder:local:${hostname()}`;
  return {
    repoRoot,
    commit,
    ...(/^\d+$/.test(count) ? { commitCount: Number(count) } : {}),
    dirty,
    sourceUri: remote ? `git+${remote}` : `git+file://${repoRoot}`,
    sourceDateEpoch: /^\d+$/.test(epochText) ? Number(epochText) : 0,
    node: process.version,
    tools,
    packages: resolvedPackages(repoRoot),
    builderId,
  };
}
