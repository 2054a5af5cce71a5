import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { CONFIG_OPTION, CONFIG_USAGE, openProject } from "../config/open-project.js";
import { loadConfig } from "../config/load-config.js";
import { parseEngines } from "../eval/document-evaluator.js";
import { parseWorkers } from "../eval/evaluation-stream.js";
import { createProgress } from "../eval/progress.js";
import { parseShard, stableFileId } from "../eval/shard.js";
import { parseBaseline, writeBaseline, type Baseline } from "./baseline-file.js";
import { CI_CORPUS, ciCorpusPaths } from "./ci-corpus.js";
import { formatRegressionJson, formatRegressionText, type RegressionContext } from "./format-regression.js";
import { parseGeneratedCorpus } from "./generated-corpus.js";
import { regressionExitCode, type RegressionReport } from "./regression-report.js";
import type { ResourceRecord } from "./resource-record.js";
import { runRegression } from "./run-regression.js";
import {
  baselineDigestOf,
  mergeShardResults,
  readShardResults,
  SHARD_RESULTS_FORMAT,
  writeShardResults,
} from "./shard-results.js";

/** The baseline `tollgate regress` reads and writes unless told otherwise, relative to the root. */
export const DEFAULT_BASELINE = "regress/baseline.yaml";

/** Usage of `tollgate regress`. */
export const REGRESS_USAGE = [
  "usage: tollgate regress [--baseline FILE] [--update] [--engine NAME] [--params FILE] [--corpus ci]",
  "                        [--generated SEED:COUNT] [--root DIR] [--shard I/N] [--workers N|auto]",
  "                        [--results FILE] [-o text|json] PATH...",
  "       tollgate regress --merge [--baseline FILE] [--update] [-o text|json] RESULTS-FILE...",
  "",
  "Evaluates every rule on every resource of a corpus and compares each (resource, rule) verdict",
  "with a recorded baseline: lists what is newly denied, newly allowed, new or gone (and, for",
  "information, changed messages). A resource is known by its file (relative to the root), its",
  "document index (and List item), apiVersion, kind, namespace and name.",
  "",
  `  --baseline FILE      the baseline (default ${DEFAULT_BASELINE} under the root)`,
  "  --update             accept the verdicts: rewrite the baseline (not with --shard; exit 0)",
  "  --engine NAME        oracle (default), rego, cel, or all (engines must agree)",
  "  --params FILE        YAML or JSON mapping rule id to parameters, over the configured ones",
  `${CONFIG_USAGE.replace("FILE   ", "FILE        ")}`,
  `  --corpus ci          the CI corpus: every resource in ${CI_CORPUS.anchors} (read in place) and`,
  `                       --generated ${CI_CORPUS.generated.seed}:${CI_CORPUS.generated.count}`,
  "  --generated S:C      also C objects of every generated kind from fast-check seed S",
  "  --root DIR           the folder resource ids are relative to (default: the working folder)",
  "  --shard I/N          only shard I of N (1-based), by a hash of file id and document index;",
  "                       compares that part of the corpus with that part of the baseline",
  "  --workers N          worker threads (0: none); auto (default) adds one per core once the input is large",
  "  --results FILE       also write this run's results, for --merge",
  "  --merge              join the --results files of every shard into one report and exit code",
  "  -o FORMAT            text (default) or json",
  "",
  "Exit codes: 0 every verdict matches (or --update wrote the baseline), 1 unreviewed changes,",
  "2 unusable input, an engine error, or a missing baseline.",
].join("\n");

function readBaselineText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`baseline ${file}: ${(e as Error).message}`);
  }
}

function newBaseline(
  engine: string,
  inputs: readonly string[],
  rules: readonly string[],
  records: readonly ResourceRecord[],
): Baseline {
  return { version: 1, engine, inputs, rules: [...rules].sort(), resources: records };
}

/**
 * Runs `tollgate regress`.
 *
 * @param args - the arguments after `regress`
 * @returns the exit code
 */
export async function runRegress(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      baseline: { type: "string" },
      update: { type: "boolean", default: false },
      engine: { type: "string" },
      params: { type: "string" },
      corpus: { type: "string" },
      generated: { type: "string" },
      root: { type: "string" },
      shard: { type: "string" },
      workers: { type: "string", default: "auto" },
      results: { type: "string" },
      merge: { type: "boolean", default: false },
      output: { type: "string", short: "o", default: "text" },
      ...CONFIG_OPTION,
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.output !== "text" && values.output !== "json")
    throw new Error(`-o must be text or json, got "${values.output}"`);
  const root = resolve(values.root ?? ".");
  const { config, root: projectRoot } = await loadConfig(values.config);
  const baselineFile = values.baseline ?? resolve(projectRoot, config.regress?.baseline ?? DEFAULT_BASELINE);
  const baselineText = readBaselineText(baselineFile);
  const notes: string[] = [];
  let baseline: Baseline | undefined;
  try {
    baseline = baselineText === undefined ? undefined : parseBaseline(baselineText, baselineFile);
  } catch (e) {
    // --update replaces a damaged baseline; anything else fails on it.
    if (!values.update || values.merge) throw e;
    notes.push(`${(e as Error).message}: replaced`);
  }
  const print = (
    report: RegressionReport,
    context: Omit<RegressionContext, "baseline" | "notes" | "color">,
  ) => {
    const c: RegressionContext = {
      ...context,
      baseline: baselineFile,
      notes,
      color: process.stdout.isTTY === true && !process.env["NO_COLOR"],
    };
    process.stdout.write(
      values.output === "json" ? formatRegressionJson(report, c) : formatRegressionText(report, c),
    );
  };
  const finish = (report: RegressionReport, updated: boolean) => (updated ? 0 : regressionExitCode(report));

  if (values.merge) {
    const stray = (
      ["engine", "params", "corpus", "generated", "shard", "results", "root", "config"] as const
    ).filter((k) => values[k] !== undefined);
    if (stray.length > 0)
      throw new Error(`--merge joins results files; it takes no ${stray.map((s) => `--${s}`).join(", ")}`);
    if (positionals.length === 0)
      throw new Error("--merge needs the results file of every shard (written with --results FILE)");
    const merged = mergeShardResults(positionals.map((file) => ({ file, results: readShardResults(file) })));
    if (merged.baselineDigest !== baselineDigestOf(baselineText)) {
      throw new Error(
        `the shards were compared with another baseline than ${baselineFile}${baselineText === undefined ? " (which does not exist)" : ""}; give the same --baseline`,
      );
    }
    const update = values.update && merged.report.errors.length === 0;
    if (values.update && !update) notes.push("the baseline was not written: fix the errors first");
    if (update)
      writeBaseline(baselineFile, newBaseline(merged.engine, merged.inputs, merged.rules, merged.records));
    print(merged.report, {
      mergedShards: merged.shards,
      updated: update,
      updateCommand: "tollgate regress --merge --update RESULTS-FILE...",
    });
    return finish(merged.report, update);
  }

  const engines = parseEngines(values.engine ?? "oracle");
  if (values.corpus !== undefined && values.corpus !== "ci")
    throw new Error(`--corpus takes "ci", got "${values.corpus}"`);
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (shard && values.update)
    throw new Error(
      "--update rewrites the whole baseline, so it cannot run on one shard: write --results FILE per shard, then run --merge --update",
    );
  const workers = parseWorkers(values.workers);
  const generated =
    values.generated !== undefined
      ? parseGeneratedCorpus(values.generated)
      : values.corpus === "ci"
        ? CI_CORPUS.generated
        : undefined;
  // Without paths, the configured corpus (default manifests/) is compared.
  let fromConfig = false;
  if (positionals.length === 0 && values.corpus === undefined && values.generated === undefined) {
    const corpus = (config.regress?.corpus ?? ["manifests"])
      .map((p) => resolve(projectRoot, p))
      .filter((p) => existsSync(p) || config.regress?.corpus !== undefined);
    positionals.push(...corpus.map((p) => relative(process.cwd(), p) || "."));
    fromConfig = true;
    if (positionals.length === 0)
      throw new Error(
        "no corpus: give files or folders of manifests, or set regress.corpus in tollgate.config",
      );
  }
  const paths = [...(values.corpus === "ci" ? ciCorpusPaths() : []), ...positionals];
  const inputs = [
    ...(values.corpus === "ci" ? ["--corpus ci"] : []),
    ...positionals.map((p) => stableFileId(p, root)),
    ...(values.generated !== undefined && generated
      ? [`--generated ${generated.seed}:${generated.count}`]
      : []),
  ];
  if (!baseline && !values.update) {
    throw new Error(
      `no baseline at ${baselineFile}: record one with \`tollgate regress --update ${inputs.join(" ")}\` and commit it`,
    );
  }
  if (baseline && JSON.stringify(baseline.inputs) !== JSON.stringify(inputs)) {
    notes.push(
      `the baseline was made from [${baseline.inputs.join(" ")}], this run reads [${inputs.join(" ")}]: resources outside both show as new or gone`,
    );
  }
  if (baseline && baseline.engine !== engines.join(","))
    notes.push(
      `the baseline was made with engine ${baseline.engine}; verdicts should not differ, messages may`,
    );
  const { project, params, ruleErrors } = await openProject(values);
  const progress = createProgress(process.stderr, "regress");
  const run = await runRegression({
    paths,
    ...(generated ? { generated } : {}),
    rules: project.rules,
    engines,
    params,
    root,
    baseline,
    ...(shard ? { shard } : {}),
    workers,
    keepRecords: values.update || values.results !== undefined,
    onObject: (n) => progress.update(n),
  });
  progress.done();
  const rules = project.rules.map((r) => r.meta.id).sort();
  if (values.results !== undefined) {
    writeShardResults(values.results, {
      format: SHARD_RESULTS_FORMAT,
      shard: shard ?? { index: 1, count: 1 },
      engine: engines.join(","),
      inputs,
      rules,
      baselineDigest: baselineDigestOf(baselineText),
      report: run.report,
      records: run.records ?? [],
    });
  }
  const update = values.update && run.report.errors.length === 0;
  if (values.update && !update) notes.push("the baseline was not written: fix the errors first");
  if (update) writeBaseline(baselineFile, newBaseline(engines.join(","), inputs, rules, run.records ?? []));
  const passed = (["baseline", "engine", "params", "root", "corpus", "generated"] as const).flatMap((k) =>
    values[k] !== undefined ? [`--${k} ${values[k]}`] : [],
  );
  const command = ["tollgate regress --update", ...passed, ...(fromConfig ? [] : positionals)].join(" ");
  print(run.report, {
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
    updated: update,
    updateCommand: command,
  });
  return ruleErrors ? 2 : finish(run.report, update);
}
