import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, requireTool, runCommand, startBackgroundProcess } from "@tollgate/toolchain";

/** A Prometheus server for one test file, holding the synthetic series it was started with. */
export interface TestPrometheus {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /**
   * Runs an instant query now.
   *
   * @param query - PromQL
   * @returns the values of the resulting vector (empty when it has no series)
   */
  query(query: string): Promise<number[]>;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus (pinned) on a free port of 127.0.0.1 with a temporary data folder,
 * after loading the series with `promtool tsdb create-blocks-from openmetrics`. It scrapes
 * nothing: the loaded series are all it has.
 *
 * @param openMetrics - the series, in OpenMetrics text (ending with `# EOF`)
 * @returns the running server
 */
export async function startPrometheus(openMetrics: string): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-prometheus-"));
  const seriesFile = join(dir, "series.om");
  writeFileSync(seriesFile, openMetrics);
  const promtool = await requireTool("promtool");
  const blocks = await runCommand(
    promtool,
    ["tsdb", "create-blocks-from", "openmetrics", seriesFile, join(dir, "data")],
    { timeoutMs: 300_000 },
  );
  if (blocks.code !== 0)
    throw new Error(`promtool could not load the series: ${blocks.stderr || blocks.stdout}`);
  writeFileSync(join(dir, "prometheus.yml"), "global:\n  scrape_interval: 1h\n");
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startBackgroundProcess(
    await requireTool("prometheus"),
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      "--storage.tsdb.retention.time=30d",
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { name: "prometheus", logFile: join(dir, "prometheus.log") },
  );
  const query = async (q: string): Promise<number[]> => {
    const answer = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q })}`);
    const body = (await answer.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: { value: [number, string] }[] };
    };
    if (body.status !== "success" || body.data?.resultType !== "vector")
      throw new Error(`query ${q}: ${body.error ?? JSON.stringify(body)}`);
    return body.data.result.map((r) => Number(r.value[1]));
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exited()) throw new Error(`prometheus exited: ${server.output()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    query,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
