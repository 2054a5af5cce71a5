import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toolsCacheDir } from "./cache.js";

/** A server process started for tests (a registry, etcd, an API server, a webhook). */
export interface BackgroundProcess {
  /** What it is, for messages. */
  readonly name: string;
  /** Its process id. */
  readonly pid: number;
  /** The last part of what it printed (standard output and error), for error messages. */
  output(): string;
  /** Whether it has exited. */
  exited(): boolean;
  /** Stops it (SIGTERM, then SIGKILL after `graceMs`) and waits for it. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** Options for {@link startBackgroundProcess}. */
export interface BackgroundProcessOptions {
  /** What it is, for messages. */
  readonly name: string;
  readonly cwd?: string;
  /** Extra environment variables, merged over `process.env`. */
  readonly env?: Readonly<Record<string, string>>;
  /** A file that receives everything it prints, kept for a post-mortem. */
  readonly logFile?: string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * The folder where each test run records the PIDs of the servers it started, so that a run
 * killed before it could stop them (SIGKILL, a crashed runner) has them stopped by the next one.
 *
 * @returns an absolute path
 */
function pidFolder(): string {
  return join(toolsCacheDir(), "..", "running");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the servers that earlier test runs started and could not stop because the run itself
 * was killed: every recorded PID whose owning run is gone.
 *
 * @returns the PIDs stopped
 */
export function reapOrphanedProcesses(): number[] {
  const reaped: number[] = [];
  let files: string[];
  try {
    files = readdirSync(pidFolder());
  } catch {
    return reaped;
  }
  for (const file of files) {
    const match = /^(\d+)-(\d+)\.pid$/.exec(file);
    if (!match) continue;
    const owner = Number(match[1]);
    const pid = Number(match[2]);
    if (owner === process.pid || isAlive(owner)) continue;
    // The PID could have been reused: only stop it when it still runs the recorded command.
    try {
      const recorded = readFileSync(join(pidFolder(), file), "utf8");
      const current = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
      if (isAlive(pid) && current === recorded.trim()) {
        process.kill(pid, "SIGKILL");
        reaped.push(pid);
      }
    } catch {
      // already gone
    }
    rmSync(join(pidFolder(), file), { force: true });
  }
  return reaped;
}

/**
 * Starts a long-running program (no shell) for the length of a test run. Its PID is recorded
 * outside the tree until it is stopped; it is killed when this process exits, and by the next
 * run's {@link reapOrphanedProcesses} if this process is killed first.
 *
 * @param command - the program's path
 * @param args - its arguments
 * @param options - name, working folder, environment, log file
 * @returns the running process
 * @throws when the program cannot be started
 */
export function startBackgroundProcess(
  command: string,
  args: readonly string[],
  options: BackgroundProcessOptions,
): BackgroundProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const child of running) child.kill("SIGKILL");
    });
  }
  const log = options.logFile ? openSync(options.logFile, "a") : undefined;
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) {
    if (log !== undefined) closeSync(log);
    throw new Error(`${options.name}: could not start ${command}`);
  }
  const pid = child.pid;
  running.add(child);
  mkdirSync(pidFolder(), { recursive: true });
  const pidFile = join(pidFolder(), `${process.pid}-${pid}.pid`);
  writeFileSync(pidFile, `${command}\n`);
  let tail = "";
  const collect = (b: Buffer): void => {
    tail = (tail + b.toString("utf8")).slice(-8000);
    if (log !== undefined) writeFileSync(log, b);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    running.delete(child);
    rmSync(pidFile, { force: true });
    if (log !== undefined) closeSync(log);
  });
  return {
    name: options.name,
    pid,
    output: () => tail,
    exited: () => hasExited,
    async stop(graceMs = 5000): Promise<void> {
      if (!hasExited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
