// Throughput of the in-process engines over the full libraries.
import { createCelEngine, createOracleEngine, createRegoEngine } from "@tollgate/engines";
import { KYVERNO_RULES } from "@tollgate/policies-kyverno";
import { OPA_RULES } from "@tollgate/policies-opa";

/** Every rule of both libraries, as `tollgate eval` uses them. */
export const ALL_RULES = [...KYVERNO_RULES, ...OPA_RULES];

/**
 * Evaluates every object with every rule in each engine, twice (the first pass includes the JIT's
 * warm-up), on this thread.
 *
 * @param {unknown[]} objects - parsed objects
 * @param {string[]} engines - engine names (`oracle` is the compiled oracle `tollgate eval` runs, `oracle-interpreted` its reference interpreter; `cel` the compiled CEL evaluator, `cel-js` cel-js alone)
 * @returns {Promise<{ engine: string, setupMs: number, firstObjPerS: number, warmObjPerS: number, results: number }[]>}
 */
export async function inProcessThroughput(
  objects,
  engines = ["oracle", "oracle-interpreted", "cel", "cel-js", "rego"],
) {
  const input = { rules: ALL_RULES };
  const rows = [];
  for (const name of engines) {
    const t0 = performance.now();
    const engine =
      name === "oracle"
        ? createOracleEngine(input)
        : name === "oracle-interpreted"
          ? createOracleEngine(input, { mode: "interpreted" })
          : name === "cel"
            ? createCelEngine(input)
            : name === "cel-js"
              ? createCelEngine(input, { evaluator: "cel-js" })
              : await createRegoEngine(input);
    const setupMs = performance.now() - t0;
    const pass = () => {
      const t = performance.now();
      let results = 0;
      for (const o of objects) results += engine.evaluate(o).length;
      return { perS: (objects.length / (performance.now() - t)) * 1000, results };
    };
    const first = pass();
    const warm = pass();
    rows.push({
      engine: name,
      setupMs,
      firstObjPerS: first.perS,
      warmObjPerS: warm.perS,
      results: warm.results,
    });
  }
  return rows;
}
