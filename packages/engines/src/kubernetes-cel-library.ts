import type { Environment } from "@marcbachmann/cel-js";
import { parseQuantity } from "@tollgate/rule-dsl";

/** A Kubernetes quantity inside the CEL evaluator, as `quantity("1Gi")` yields it. */
export class CelQuantity {
  /**
   * @param value - the quantity's value
   * @param text - the quantity as written
   */
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/**
 * Registers the part of the Kubernetes CEL quantity library our rules use (`isQuantity`,
 * `quantity`, `Quantity.compareTo`, `isGreaterThan`, `isLessThan`) on a cel-js environment,
 * with the grammar of `@tollgate/rule-dsl`. As in Kubernetes, `quantity()` of something that is
 * not a quantity is an evaluation error.
 *
 * @param env - the environment
 * @returns the same environment
 */
export function registerKubernetesQuantities(env: Environment): Environment {
  const of = (text: string): CelQuantity => {
    const value = parseQuantity(text);
    if (value === undefined) throw new Error(`quantities must match the regular expression, got "${text}"`);
    return new CelQuantity(value, text);
  };
  const compare = (a: CelQuantity, b: CelQuantity): bigint => (a.value < b.value ? -1n : a.value > b.value ? 1n : 0n);
  return env
    .registerType("Quantity", CelQuantity)
    .registerFunction("isQuantity(string): bool", (s: string) => parseQuantity(s) !== undefined)
    .registerFunction("quantity(string): Quantity", of)
    .registerFunction("Quantity.compareTo(Quantity): int", compare)
    .registerFunction("Quantity.isGreaterThan(Quantity): bool", (a: CelQuantity, b: CelQuantity) => compare(a, b) > 0n)
    .registerFunction("Quantity.isLessThan(Quantity): bool", (a: CelQuantity, b: CelQuantity) => compare(a, b) < 0n);
}
