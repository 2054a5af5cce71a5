import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Shard } from "../eval/shard.js";
import { compareKeys } from "./resource-key.js";
import type { ResourceRecord } from "./resource-record.js";
import { joinReports, type RegressionReport } from "./regression-report.js";

/** The format name written in every results file. */
export const SHARD_RESULTS_FORMAT = "tollgate-regress-results/v1";

/** What one (shard of a) regression run leaves for `tollgate regress --merge`. */
export interface ShardResults {
  /** Always {@link SHARD_RESULTS_FORMAT}. */
  readonly format: typeof SHARD_RESULTS_FORMAT;
  /** Which shard (1/1 for an unsharded run). */
  readonly shard: Shard;
  /** The engine(s) evaluated with. */
  readonly engine: string;
  /** The corpus inputs, as recorded in a baseline. */
  readonly inputs: readonly string[];
  /** The rule ids evaluated, sorted. */
  readonly rules: readonly string[];
  /** SHA-256 of the baseline file compared with ("" when there was none). */
  readonly baselineDigest: string;
  /** The shard's comparison with the baseline (its part of the corpus and of the baseline). */
  readonly report: RegressionReport;
  /** Every resource of the shard with the rules that deny it, sorted. */
  readonly records: readonly ResourceRecord[];
}

/**
 * The digest results files carry, so that shards compared with different baselines are not joined.
 *
 * @param text - the baseline file's text, or undefined when there is none
 * @returns hex SHA-256, or ""
 */
export function baselineDigestOf(text: string | undefined): string {
  return text === undefined ? "" : createHash("sha256").update(text).digest("hex");
}

/**
 * Writes a results file (JSON).
 *
 * @param file - the path
 * @param results - the shard's results
 */
export function writeShardResults(file: string, results: ShardResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results)}\n`);
}

/**
 * Reads a results file, checking its format.
 *
 * @param file - the path
 * @returns the shard's results
 */
export function readShardResults(file: string): ShardResults {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--merge ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  const r = doc as Partial<ShardResults> | null;
  const ok =
    r !== null &&
    typeof r === "object" &&
    r.format === SHARD_RESULTS_FORMAT &&
    typeof r.shard?.index === "number" &&
    typeof r.shard.count === "number" &&
    typeof r.engine === "string" &&
    Array.isArray(r.inputs) &&
    Array.isArray(r.rules) &&
    typeof r.baselineDigest === "string" &&
    Array.isArray(r.records) &&
    typeof r.report === "object" &&
    r.report !== null &&
    [
      "newlyDenied",
      "newlyAllowed",
      "newResources",
      "goneResources",
      "messagesChanged",
      "rulesAdded",
      "rulesRemoved",
      "errors",
    ].every((f) => Array.isArray((r.report as unknown as Record<string, unknown>)[f]));
  if (!ok)
    throw new Error(
      `--merge ${file}: not a results file of tollgate regress (${SHARD_RESULTS_FORMAT}); write one with --results FILE`,
    );
  return r as ShardResults;
}

/** Shards joined into the results of the whole corpus. */
export interface MergedResults {
  /** How many shards were joined. */
  readonly shards: number;
  readonly engine: string;
  readonly inputs: readonly string[];
  readonly rules: readonly string[];
  readonly baselineDigest: string;
  /** The report of the whole corpus. */
  readonly report: RegressionReport;
  /** Every resource, sorted. */
  readonly records: readonly ResourceRecord[];
}

/**
 * Joins the results of every shard of one run: they must be shards 1 to N of the same N, each
 * once, made with the same engine, rules, corpus and baseline; anything else is an error, so
 * a missing or stray shard never passes for a whole run.
 *
 * @param parts - the results files' contents, with their paths for messages
 * @returns the joined results
 */
export function mergeShardResults(
  parts: readonly { readonly file: string; readonly results: ShardResults }[],
): MergedResults {
  const [first] = parts;
  if (!first) throw new Error("--merge needs the results files of every shard");
  const n = first.results.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, results } of parts) {
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(
          `--merge: ${file} and ${first.file} differ in ${what}; join the shards of one run only`,
        );
    };
    same("shard count", results.shard.count, n);
    same("engine", results.engine, first.results.engine);
    same("rules", results.rules, first.results.rules);
    same("inputs", results.inputs, first.results.inputs);
    same("baseline", results.baselineDigest, first.results.baselineDigest);
    const other = byIndex.get(results.shard.index);
    if (other !== undefined)
      throw new Error(`--merge: shard ${results.shard.index}/${n} is given twice (${other} and ${file})`);
    byIndex.set(results.shard.index, file);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new Error(
      `--merge: shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")} missing; every shard's results file is needed`,
    );
  return {
    shards: n,
    engine: first.results.engine,
    inputs: first.results.inputs,
    rules: first.results.rules,
    baselineDigest: first.results.baselineDigest,
    report: joinReports(parts.map((p) => p.results.report)),
    records: parts.flatMap((p) => p.results.records).sort((a, b) => compareKeys(a.key, b.key)),
  };
}
