import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { cachedBinaryPath, installedMarkerPath } from "./cache.js";
import { runCommand } from "./run-command.js";
import type { ToolSpec } from "./tools.js";

/** A tool found on this machine. */
export interface LocatedTool {
  /** The tool's pinned spec. */
  readonly spec: ToolSpec;
  /** Absolute path of the binary. */
  readonly path: string;
  /** Where it was found: Tollgate's versioned cache, or the PATH. */
  readonly source: "cache" | "path";
  /** The line of the binary's own version output that names its version. */
  readonly versionLine: string;
}

/**
 * Finds a program on PATH, as a shell would.
 *
 * @param name - the program's name
 * @returns its absolute path, or `undefined`
 */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether a version output names the pinned version. A `v` prefix is optional, and for
 * Debian-packaged tools the pinned version is a prefix of the upstream version.
 *
 * @param output - what the binary printed for its version
 * @param spec - the tool
 * @returns the matching line, or `undefined`
 */
export function matchPinnedVersion(output: string, spec: ToolSpec): string | undefined {
  const bare = spec.version.replace(/^v/, "");
  const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern =
    spec.route.kind === "apt"
      ? new RegExp(`\\bv?${escaped}(\\.|\\b)`)
      : new RegExp(`\\bv?${escaped}(?![\\w.])`);
  return output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => pattern.test(l));
}

/**
 * Runs a binary's version command and returns the line that names the pinned version.
 *
 * @param path - the binary
 * @param spec - the tool
 * @returns the version line, or `undefined` when the binary is another version or does not run
 */
export async function probeVersion(path: string, spec: ToolSpec): Promise<string | undefined> {
  try {
    if (spec.versionArgs) {
      const result = await runCommand(path, spec.versionArgs, { timeoutMs: 30_000 });
      // The binary's own path names the version (its cache folder does): never count that.
      const printed = `${result.stdout}\n${result.stderr}`.split(path).join(spec.name);
      const own = matchPinnedVersion(printed, spec);
      if (own || (spec.route.kind !== "go-install" && spec.route.kind !== "go-build-module")) return own;
    }
    if (spec.route.kind !== "go-install" && spec.route.kind !== "go-build-module") return undefined;
    // Some tools print no version of their own; a Go binary's build info names its module's
    // version (`go install`) or carries the version stamped in by -ldflags (a module build).
    const info = await runCommand(goBinary(), ["version", "-m", path], { timeoutMs: 30_000 });
    const lines = info.stdout.split("\n").map((l) => l.trim());
    const mod = lines.find((l) => /^mod\s/.test(l) && matchPinnedVersion(l, spec));
    if (mod) return `${mod.split(/\s+/).slice(1, 3).join(" ")} (go build info)`;
    const stamp = lines.find((l) => /^build\s+-ldflags=/.test(l));
    return stamp && spec.route.kind === "go-build-module" && matchPinnedVersion(stamp, spec)
      ? `${spec.route.module} ${spec.version} (go build info: -ldflags)`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `go` binary: from PATH, else the standard install location.
 *
 * @returns a path or a name to run
 */
export function goBinary(): string {
  return findOnPath("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : "go");
}

/**
 * Locates a tool at its pinned version: first in Tollgate's versioned cache (when its install
 * completed), then on PATH. A binary of another version is not used.
 *
 * @param spec - the tool
 * @returns where it is, or `undefined` when it is missing
 */
export async function locateTool(spec: ToolSpec): Promise<LocatedTool | undefined> {
  const cached = cachedBinaryPath(spec);
  if (spec.route.kind !== "apt" && existsSync(cached) && isInstallComplete(spec)) {
    const versionLine = await probeVersion(cached, spec);
    if (versionLine) return { spec, path: cached, source: "cache", versionLine };
  }
  const onPath = findOnPath(spec.name);
  if (onPath) {
    const versionLine = await probeVersion(onPath, spec);
    if (versionLine) return { spec, path: onPath, source: "path", versionLine };
  }
  return undefined;
}

function isInstallComplete(spec: ToolSpec): boolean {
  try {
    return readFileSync(installedMarkerPath(spec), "utf8").trim() === spec.version;
  } catch {
    return false;
  }
}
