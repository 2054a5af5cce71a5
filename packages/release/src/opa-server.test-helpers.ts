import { spawn } from "node:child_process";
import { findFreePort } from "@tollgate/oci-registry";
import { requireTool } from "@tollgate/toolchain";

/** A running `opa run --server`. */
export interface RunningOpa {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What OPA has logged so far. */
  logs(): string;
  /** Stops it (safe to call twice). */
  stop(): Promise<void>;
}

/**
 * Starts the real `opa run --server` (the pinned build with the wasm runtime) on a free port
 * with a configuration file, and waits until it answers `/health`.
 *
 * @param configFile - OPA's configuration
 * @param options - more arguments (`--set`, `--set-file`) and environment variables (OPA
 *   substitutes `${VAR}` in the configuration)
 * @returns the running server
 */
export async function startOpaServer(
  configFile: string,
  options: { readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<RunningOpa> {
  const opa = await requireTool("opa");
  const port = await findFreePort();
  const child = spawn(
    opa,
    [
      "run",
      "--server",
      "--addr",
      `127.0.0.1:${port}`,
      "--config-file",
      configFile,
      ...(options.args ?? []),
      "--log-level",
      "error",
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } },
  );
  // Keep OPA's log lines, without the (large) status reports the console status plugin prints.
  let logs = "";
  let partial = "";
  const keep = (b: Buffer) => {
    const lines = (partial + b.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    const kept = lines.filter((l) => !l.includes('"msg":"Status Log"'));
    if (kept.length) logs = (logs + kept.join("\n") + "\n").slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`opa exited with code ${child.exitCode}: ${logs}`);
        return (
          (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined))
            ?.status === 200
        );
      },
      20_000,
      "opa run --server to answer /health",
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, logs: () => logs, stop };
}

/**
 * Polls a condition until it holds.
 *
 * @param condition - true when done (may throw to give up)
 * @param timeoutMs - how long to wait
 * @param what - what is awaited, for the error
 */
export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
