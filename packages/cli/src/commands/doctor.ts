import { goBinary, inspectTools, runCommand, toolsCacheDir, type ToolStatus } from "@tollgate/toolchain";

/** The outcome of `tollgate doctor`: the report's lines and the process exit code. */
export interface DoctorReport {
  /** Lines to print. */
  readonly lines: string[];
  /** 0 when every tool is present at its pinned version, 1 otherwise. */
  readonly exitCode: 0 | 1;
  /** Each tool's status. */
  readonly tools: ToolStatus[];
}

/**
 * Checks the runtime (Node, Go) and every pinned engine and tool, without installing anything.
 *
 * @returns the report
 */
export async function runDoctor(): Promise<DoctorReport> {
  const tools = await inspectTools();
  const lines: string[] = [];
  lines.push(`tollgate doctor: engines and tools (cache: ${toolsCacheDir()})`);
  lines.push("");
  lines.push(`  ${pad("node", 18)} ${pad(process.version, 10)} ok       ${process.execPath}`);
  const go = await goVersion();
  lines.push(
    `  ${pad("go", 18)} ${pad(go ?? "-", 10)} ${go ? "ok      " : "MISSING "} ${go ? goBinary() : "install Go 1.26 (needed to build the engines)"}`,
  );
  for (const status of tools) {
    const { spec } = status;
    if (status.present) {
      lines.push(`  ${pad(spec.name, 18)} ${pad(spec.version, 10)} ok       ${status.tool.path}`);
      lines.push(`  ${pad("", 18)} ${pad("", 10)}          reports: ${status.tool.versionLine}`);
    } else {
      lines.push(`  ${pad(spec.name, 18)} ${pad(spec.version, 10)} MISSING  ${spec.purpose}`);
      lines.push(`  ${pad("", 18)} ${pad("", 10)}          install: ${status.installCommand}`);
    }
  }
  const missing = tools.filter((t) => !t.present);
  lines.push("");
  if (missing.length === 0) {
    lines.push(`all ${tools.length} tools present at their pinned versions`);
  } else {
    lines.push(
      `${missing.length} of ${tools.length} tools missing: ${missing.map((m) => m.spec.name).join(", ")}`,
    );
    lines.push(
      "install them all with: npx tollgate install-tools   (Go 1.26 builds them; a second run finds them cached)",
    );
  }
  return { lines, exitCode: missing.length === 0 && go ? 0 : 1, tools };
}

async function goVersion(): Promise<string | undefined> {
  try {
    const r = await runCommand(goBinary(), ["env", "GOVERSION"], { timeoutMs: 30_000 });
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

function pad(s: string, n: number): string {
  return s.padEnd(n);
}
