// Reads verdicts per (resource name, rule) from the outputs of tollgate eval, kyverno apply and gator test.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";

/** The key of one (resource, rule) pair: resource names are unique in the benchmark corpus. */
export const pairKey = (name, rule) => `${name}\u0000${rule}`;

/**
 * Verdicts from `tollgate eval -o json`.
 *
 * @param {string} file - the JSON output
 * @returns {{ verdicts: Map<string, string>, errors: number, results: number }}
 */
export function tollgateVerdicts(file) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const verdicts = new Map();
  for (const r of report.results) verdicts.set(pairKey(r.resource.name, r.rule), r.verdict);
  return {
    verdicts,
    errors: report.errors.length,
    results: report.results.length,
    firstErrors: report.errors.slice(0, 3),
  };
}

/**
 * Verdicts from `kyverno apply -p --output-format json` (a ClusterReport): `pass`, `fail`,
 * `skip`, `error` or `warn` per (resource, policy); a pair the policy does not match has no
 * result (read as `skip`).
 *
 * @param {string} file - the report
 * @returns {{ verdicts: Map<string, string>, summary: object }}
 */
export function kyvernoVerdicts(file) {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("{");
  const report = JSON.parse(text.slice(start));
  const verdicts = new Map();
  for (const r of report.results ?? [])
    for (const res of r.resources ?? []) verdicts.set(pairKey(res.name, r.policy), r.result);
  return { verdicts, summary: report.summary };
}

/**
 * Violations from `gator test -o json`, read line by line (the output repeats the Constraint and
 * the object in every violation, and reaches hundreds of megabytes on a large corpus).
 *
 * @param {string} file - the output
 * @param {Map<string, string>} ruleOfKind - Constraint kind to rule id
 * @returns {Promise<{ failing: Set<string>, violations: number, unknown: number }>}
 */
export async function gatorFailures(file, ruleOfKind) {
  const failing = new Set();
  let violations = 0;
  let unknown = 0;
  const take = (v) => {
    violations += 1;
    const rule = ruleOfKind.get(v.constraint?.kind);
    const name = v.violatingObject?.metadata?.name;
    if (!rule || typeof name !== "string") unknown += 1;
    else failing.add(pairKey(name, rule));
  };
  if (statSync(file).size === 0) return { failing, violations, unknown };
  let buffer = [];
  let inside = false;
  for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
    if (!inside && line === "    {") {
      inside = true;
      buffer = [line];
    } else if (inside) {
      buffer.push(line);
      if (line === "    }" || line === "    },") {
        inside = false;
        buffer[buffer.length - 1] = "    }";
        take(JSON.parse(buffer.join("\n")));
      }
    }
  }
  return { failing, violations, unknown };
}
