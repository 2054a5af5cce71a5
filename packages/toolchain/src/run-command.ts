import { spawn } from "node:child_process";

/** What a finished command printed and how it ended. */
export interface CommandResult {
  /** The exit code, or `null` when a signal ended the process. */
  readonly code: number | null;
  /** The signal that ended the process, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error. */
  readonly stderr: string;
}

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  readonly cwd?: string;
  /** Extra environment variables, merged over `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text written to standard input. */
  readonly input?: string | Uint8Array;
  /** Milliseconds before the process is killed; default 10 minutes. */
  readonly timeoutMs?: number;
  /** Called with each chunk of output as it arrives, for progress display. */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * Runs a program without a shell and collects its output. Never throws for a non-zero exit:
 * the caller decides what a failure means. Throws only when the program cannot be started.
 *
 * @param command - the program (a path, or a name looked up on PATH)
 * @param args - its arguments
 * @param options - working directory, environment, input and timeout
 * @returns the exit code and output
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.stdout.on("data", (b: Buffer) => {
      out.push(b);
      options.onOutput?.(b.toString("utf8"));
    });
    child.stderr.on("data", (b: Buffer) => {
      err.push(b);
      options.onOutput?.(b.toString("utf8"));
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Renders a command line for messages, quoting arguments that need it.
 *
 * @param command - the program
 * @param args - its arguments
 * @returns a copy-pasteable shell command line
 */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
