import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedBinaryPath, installedMarkerPath, toolDir } from "./cache.js";
import { goBinary, locateTool, type LocatedTool } from "./locate.js";
import { formatCommandLine, runCommand } from "./run-command.js";
import type { ToolSpec } from "./tools.js";

/** An install step that failed: which tool, which command, and what it printed. */
export class ToolInstallError extends Error {
  /** The tool being installed. */
  readonly tool: string;
  /** The command line that failed. */
  readonly command: string;
  /** The command's error output (last part). */
  readonly detail: string;

  constructor(tool: string, command: string, detail: string) {
    super(
      `installing ${tool} failed\n  command: ${command}\n  error: ${detail.trim().split("\n").slice(-15).join("\n         ")}`,
    );
    this.name = "ToolInstallError";
    this.tool = tool;
    this.command = command;
    this.detail = detail;
  }
}

/** The outcome of {@link ensureTool}. */
export interface EnsureToolResult {
  /** Where the tool is now. */
  readonly tool: LocatedTool;
  /** Seconds spent installing; 0 when it was already there. */
  readonly installSeconds: number;
  /** Whether an install ran. */
  readonly installed: boolean;
}

/**
 * The command that installs a tool by hand, for messages and `tollgate doctor`.
 *
 * @param spec - the tool
 * @returns a shell command line
 */
export function installHint(spec: ToolSpec): string {
  switch (spec.route.kind) {
    case "go-install":
      return `CGO_ENABLED=${spec.route.cgo ? 1 : 0} GOBIN=${join(toolDir(spec), "bin")} go install${spec.route.tags?.length ? ` -tags ${spec.route.tags.join(",")}` : ""} -ldflags="-s -w" ${spec.route.module}@${spec.version}`;
    case "go-build-module":
      return `npx tollgate install-tools ${spec.name}   (go mod download ${spec.route.module}@${spec.version}, then go build ${spec.route.packagePath})`;
    case "go-build-local":
      return `npx tollgate install-tools ${spec.name}   (go build in ${spec.route.folder})`;
    case "apt":
      return `apt-get update && apt-get install -y ${spec.route.debianPackage}`;
    case "debian-extract":
      return `apt-get download ${spec.route.debianPackage} && dpkg-deb -x ${spec.route.debianPackage}_*.deb DIR && cp DIR/${spec.route.binaryPath} ${cachedBinaryPath(spec)}`;
  }
}

/**
 * Makes sure a tool is present at its pinned version: uses the cached or PATH copy when
 * there is one, installs it otherwise. Throws {@link ToolInstallError} when an install fails.
 *
 * @param spec - the tool
 * @param log - where progress lines go
 * @returns where the tool is and what it cost
 */
export async function ensureTool(
  spec: ToolSpec,
  log: (line: string) => void = () => undefined,
): Promise<EnsureToolResult> {
  const existing = await locateTool(spec);
  if (existing) return { tool: existing, installSeconds: 0, installed: false };
  const started = performance.now();
  log(`installing ${spec.name} ${spec.version} (${spec.route.kind}) ...`);
  await install(spec);
  const tool = await locateTool(spec);
  if (!tool) {
    throw new ToolInstallError(
      spec.name,
      installHint(spec),
      `installed, but the binary does not report version ${spec.version}`,
    );
  }
  const installSeconds = (performance.now() - started) / 1000;
  log(`installed ${spec.name} ${spec.version} in ${installSeconds.toFixed(1)} s: ${tool.path}`);
  return { tool, installSeconds, installed: true };
}

async function install(spec: ToolSpec): Promise<void> {
  const route = spec.route;
  if (route.kind === "apt") return installWithApt(spec.name, route.debianPackage);
  const binDir = join(toolDir(spec), "bin");
  rmSync(installedMarkerPath(spec), { force: true });
  mkdirSync(binDir, { recursive: true });
  if (route.kind === "debian-extract") {
    await extractDebianBinary(spec, route.debianPackage, route.binaryPath);
  } else {
    const goEnv = {
      CGO_ENABLED: route.kind === "go-install" && route.cgo ? "1" : "0",
      GOBIN: binDir,
      ...(route.kind !== "go-install" && route.goToolchain ? { GOTOOLCHAIN: route.goToolchain } : {}),
    };
    if (route.kind === "go-build-local") {
      await mustRun(
        spec.name,
        goBinary(),
        ["build", "-ldflags", `-s -w -X main.version=${spec.version}`, "-o", cachedBinaryPath(spec), "."],
        { env: goEnv, cwd: route.folder },
      );
    } else if (route.kind === "go-install") {
      const tags = route.tags?.length ? ["-tags", route.tags.join(",")] : [];
      // Stripped (-s -w): no symbol table or DWARF; the build info that names the version stays.
      await mustRun(
        spec.name,
        goBinary(),
        ["install", ...tags, "-ldflags=-s -w", `${route.module}@${spec.version}`],
        {
          env: goEnv,
        },
      );
      if (spec.assets?.length) copyAssets(spec, await downloadModule(spec, route.module, goEnv));
    } else {
      const moduleDir = await downloadModule(spec, route.module, goEnv);
      // The module cache is read-only and the module has replace directives: build from a writable
      // copy. Its path depends only on the module and version, so that two tools built from one
      // module (Kyverno's CLI and admission controller) share Go's build cache; -trimpath would
      // share it too, but would drop the -ldflags version stamp from the build info.
      const work = join(tmpdir(), `tollgate-src-${route.module.replace(/[^\w.-]+/g, "_")}@${spec.version}`);
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      try {
        cpSync(moduleDir, work, { recursive: true });
        chmodRecursive(work);
        if (route.stagingVersion) await usePublishedStagingModules(spec, work, route.stagingVersion);
        if (route.moduleEdits?.length)
          await mustRun(spec.name, goBinary(), ["mod", "edit", ...route.moduleEdits], { cwd: work });
        await mustRun(
          spec.name,
          goBinary(),
          [
            "build",
            ...(route.stagingVersion || route.moduleEdits?.length ? ["-mod=mod"] : []),
            "-ldflags",
            route.ldflags.join(" "),
            "-o",
            cachedBinaryPath(spec),
            route.packagePath,
          ],
          { env: goEnv, cwd: work },
        );
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      copyAssets(spec, moduleDir);
    }
  }
  writeFileSync(installedMarkerPath(spec), `${spec.version}\n`);
}

async function downloadModule(spec: ToolSpec, module: string, env: Record<string, string>): Promise<string> {
  return goModuleDir(module, spec.version, { env, tool: spec.name });
}

/**
 * Downloads a Go module at a version through the Go module proxy (or finds it in the module
 * cache) and returns its folder, read-only: for files a module ships, such as CRDs.
 *
 * @param module - the module path
 * @param version - its version
 * @param options - extra environment, and the tool name for errors
 * @returns the module's folder in the module cache
 * @throws {@link ToolInstallError} when the download fails
 */
export async function goModuleDir(
  module: string,
  version: string,
  options: { readonly env?: Record<string, string>; readonly tool?: string } = {},
): Promise<string> {
  const what = options.tool ?? module;
  const download = await mustRun(what, goBinary(), ["mod", "download", "-json", `${module}@${version}`], {
    ...(options.env ? { env: options.env } : {}),
    cwd: tmpdir(),
  });
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new ToolInstallError(what, `go mod download ${module}@${version}`, download);
  return moduleDir;
}

function copyAssets(spec: ToolSpec, moduleDir: string): void {
  for (const asset of spec.assets ?? []) {
    const target = join(toolDir(spec), asset.to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(moduleDir, asset.from), target, { recursive: true });
  }
}

/**
 * Points `k8s.io/kubernetes`'s `./staging/...` replacements at the published modules: the module
 * zip has neither the staging folders its `go.mod` and `go.work` name nor a usable `vendor/`.
 */
async function usePublishedStagingModules(spec: ToolSpec, work: string, version: string): Promise<void> {
  for (const name of ["vendor", "go.work", "go.work.sum"])
    rmSync(join(work, name), { recursive: true, force: true });
  const edit = JSON.parse(await mustRun(spec.name, goBinary(), ["mod", "edit", "-json"], { cwd: work })) as {
    Replace?: { Old: { Path: string }; New: { Path: string } }[];
  };
  const staged = (edit.Replace ?? [])
    .filter((r) => r.New.Path.startsWith("./staging/"))
    .map((r) => r.Old.Path);
  if (staged.length === 0) return;
  await mustRun(
    spec.name,
    goBinary(),
    ["mod", "edit", ...staged.map((path) => `-replace=${path}=${path}@${version}`)],
    { cwd: work },
  );
}

async function extractDebianBinary(spec: ToolSpec, debianPackage: string, binaryPath: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `tollgate-${spec.name}-deb-`));
  try {
    let download = await runCommand("apt-get", ["download", debianPackage], {
      cwd: work,
      timeoutMs: 10 * 60_000,
    });
    if (download.code !== 0 && process.getuid?.() === 0) {
      // A fresh machine may have no package lists yet.
      await mustRun(spec.name, "apt-get", ["update", "-qq"], { env: { DEBIAN_FRONTEND: "noninteractive" } });
      download = await runCommand("apt-get", ["download", debianPackage], {
        cwd: work,
        timeoutMs: 10 * 60_000,
      });
    }
    if (download.code !== 0)
      throw new ToolInstallError(
        spec.name,
        `apt-get download ${debianPackage}`,
        download.stderr || download.stdout,
      );
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!deb)
      throw new ToolInstallError(spec.name, `apt-get download ${debianPackage}`, "no .deb file was written");
    await mustRun(spec.name, "dpkg-deb", ["-x", deb, "root"], { cwd: work });
    cpSync(join(work, "root", binaryPath), cachedBinaryPath(spec));
    chmodSync(cachedBinaryPath(spec), 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function installWithApt(tool: string, debianPackage: string): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new ToolInstallError(
      tool,
      `apt-get install -y ${debianPackage}`,
      "needs root: run the command above as root, then retry",
    );
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await mustRun(tool, "apt-get", ["update", "-qq"], { env });
  await mustRun(tool, "apt-get", ["install", "-y", "-qq", "--no-install-recommends", debianPackage], { env });
}

async function mustRun(
  tool: string,
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string },
): Promise<string> {
  const line = formatCommandLine(command, args);
  let result;
  try {
    result = await runCommand(command, args, { ...options, timeoutMs: 60 * 60_000 });
  } catch (e) {
    throw new ToolInstallError(tool, line, (e as Error).message);
  }
  if (result.code !== 0)
    throw new ToolInstallError(
      tool,
      line,
      result.stderr || result.stdout || `exit ${String(result.code ?? result.signal)}`,
    );
  return result.stdout;
}

function chmodRecursive(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chmodRecursive(path);
    else chmodSync(path, 0o644);
  }
}
