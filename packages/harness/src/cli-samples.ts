import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createOracleEngine } from "@tollgate/engines";
import { ruleTargetedArbitrary } from "@tollgate/generators";
import type { RuleIR } from "@tollgate/rule-dsl";
import fc from "fast-check";
import { generatedKindsOf } from "./rule-kinds.js";

/** One generated object with the oracle's verdict. */
export interface Sample {
  readonly rule: RuleIR;
  readonly kind: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
  readonly verdict: "pass" | "fail";
}

/** A sample as it crosses a thread boundary: its rule by index. */
export interface SampleMessage {
  readonly rule: number;
  readonly kind: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
  readonly verdict: "pass" | "fail";
}

/**
 * The seeded sample for the real CLIs, with the oracle's verdicts: `perKind` targeted objects
 * per rule and kind, each renamed uniquely (kyverno test matches result rows by name).
 *
 * @param rules - the rules
 * @param perKind - objects per rule and kind
 * @param seed - the seed
 * @returns the samples, rules by index into `rules`
 */
export function cliSamplesOf(rules: readonly RuleIR[], perKind: number, seed: number): SampleMessage[] {
  const oracle = createOracleEngine({ rules }, { mode: "interpreted" });
  const out: SampleMessage[] = [];
  rules.forEach((rule, index) => {
    for (const kind of generatedKindsOf(rule)) {
      const objects = fc.sample(ruleTargetedArbitrary(rule, kind), { seed, numRuns: perKind });
      objects.forEach((o, i) => {
        const name = `h${out.length}-${kind.toLowerCase()}-${i}`;
        const meta = (
          typeof o["metadata"] === "object" && o["metadata"] !== null ? o["metadata"] : {}
        ) as Record<string, unknown>;
        const object = {
          ...o,
          metadata: {
            ...meta,
            name,
            namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : "default",
          },
        };
        const verdict = oracle.evaluate(object).find((r) => r.rule === rule.meta.id)?.verdict;
        if (verdict === "pass" || verdict === "fail") out.push({ rule: index, kind, name, object, verdict });
      });
    }
  });
  return out;
}

function workerScript(): string {
  const candidates = [
    new URL("./cli-samples-worker.js", import.meta.url),
    new URL("../dist/cli-samples-worker.js", import.meta.url),
  ].map((u) => fileURLToPath(u));
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the sample worker script is missing (looked for ${candidates.join(", ")}); build @tollgate/harness first`,
    );
  return found;
}

/**
 * {@link cliSamplesOf} in a worker thread, so generating the CLI batch (minutes for the full
 * libraries) runs beside the in-process property checks on the other core instead of before them.
 *
 * @param rules - the rules
 * @param perKind - objects per rule and kind
 * @param seed - the seed
 * @returns the samples, with the given rule objects
 */
export function generateCliSamples(
  rules: readonly RuleIR[],
  perKind: number,
  seed: number,
): Promise<Sample[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: { rules, perKind, seed } });
    let done = false;
    worker.once("message", (samples: SampleMessage[]) => {
      done = true;
      const out: Sample[] = [];
      for (const s of samples) {
        const rule = rules[s.rule];
        if (!rule) return reject(new Error(`the sample worker named rule #${s.rule} of ${rules.length}`));
        out.push({ ...s, rule });
      }
      resolve(out);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`the sample worker stopped (exit ${code}) before it sent the samples`));
    });
  });
}
