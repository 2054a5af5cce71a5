import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  findFreePort,
  requireTool,
  startBackgroundProcess,
  type BackgroundProcess,
} from "@tollgate/toolchain";

/** A running throw-away OCI registry. */
export interface RunningRegistry {
  /** `127.0.0.1:PORT`, the host part of an image reference (`127.0.0.1:PORT/repo:tag`). */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Its temporary storage folder (removed by {@link RunningRegistry.stop}). */
  readonly storageDir: string;
  /** Stops the registry and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startRegistry}. */
export interface StartRegistryOptions {
  /** Milliseconds to wait for the registry to answer; default 20 s. */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts the Debian `docker-registry` (CNCF distribution) on 127.0.0.1 on a free port with a
 * temporary storage folder, and waits until `GET /v2/` answers. Pair it with `stop()` in a
 * `finally` or an `afterAll`, or use {@link withRegistry}; a registry still running when the
 * process exits is killed.
 *
 * @param options - readiness timeout
 * @returns the running registry
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const binary = await requireTool("docker-registry");
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    const storageDir = mkdtempSync(join(tmpdir(), "tollgate-registry-"));
    const configPath = join(storageDir, "config.yml");
    writeFileSync(configPath, registryConfig(port, join(storageDir, "data")));
    const child = startBackgroundProcess(binary, ["serve", configPath], { name: "docker-registry" });
    const stop = async (): Promise<void> => {
      await child.stop(3000);
      rmSync(storageDir, { recursive: true, force: true });
    };
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(url, child, options.readyTimeoutMs ?? 20_000);
      return { host: `127.0.0.1:${port}`, port, url, storageDir, stop };
    } catch (e) {
      lastError = e;
      await stop();
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/**
 * Runs `fn` with a fresh registry and stops the registry afterwards, whether `fn` succeeds or throws.
 *
 * @param fn - the work that needs a registry
 * @returns what `fn` returns
 */
export async function withRegistry<T>(fn: (registry: RunningRegistry) => Promise<T>): Promise<T> {
  const registry = await startRegistry();
  try {
    return await fn(registry);
  } finally {
    await registry.stop();
  }
}

function registryConfig(port: number, dataDir: string): string {
  return [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${dataDir}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "",
  ].join("\n");
}

async function waitUntilReady(url: string, child: BackgroundProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`docker-registry exited: ${child.output()}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on ${url}/v2/ within ${timeoutMs} ms: ${child.output()}`);
}
