/**
 * Installs and locates the real engines Tollgate tests against, at pinned versions, in a
 * versioned cache outside the source tree.
 *
 * @example
 * ```ts
 * import { requireTool, runCommand } from "@tollgate/toolchain";
 * const opa = await requireTool("opa");
 * const { stdout } = await runCommand(opa, ["version"]);
 * ```
 * @packageDocumentation
 */
export {
  installableTools,
  TOOLS,
  toolSpec,
  type InstallRoute,
  type ToolAsset,
  type ToolName,
  type ToolSpec,
} from "./tools.js";
export { toolsCacheDir, toolDir, cachedBinaryPath, installedMarkerPath } from "./cache.js";
export {
  findOnPath,
  goBinary,
  locateTool,
  matchPinnedVersion,
  probeVersion,
  type LocatedTool,
} from "./locate.js";
export { ensureTool, goModuleDir, installHint, ToolInstallError, type EnsureToolResult } from "./install.js";
export { installTools } from "./install-tools.js";
export { inspectTools, type ToolStatus } from "./inspect.js";
export { requireTool, requireToolAsset } from "./require-tool.js";
export { formatCommandLine, runCommand, type CommandResult, type RunCommandOptions } from "./run-command.js";
export {
  parseKyvernoJunit,
  runKyvernoTest,
  type KyvernoTestReport,
  type KyvernoTestRow,
} from "./kyverno-test-report.js";
export { runGatorVerify, type GatorEngine, type GatorVerifyReport } from "./gator-verify.js";
export { repositoryRoot, sharedFolder, sharedPath, SHARED_FOLDER_ENV } from "./shared-folder.js";
export {
  reapOrphanedProcesses,
  startBackgroundProcess,
  type BackgroundProcess,
  type BackgroundProcessOptions,
} from "./background-process.js";
export { findFreePort } from "./free-port.js";
