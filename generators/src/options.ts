import type { GeneratorBias } from "./bias.js";

/** The kind of objects to generate. */
export type GeneratorMode = "valid" | "hostile";

/** Options every manifest arbitrary accepts. */
export interface GeneratorOptions {
  /**
   * Literals and fields a rule reads (from {@link biasFromRule}); when given, most generated
   * objects have those literals, their near misses, `null` or nothing at the fields the rule reads,
   * and some start from the rule's examples. Biased fields may hold values the API would reject
   * (a `runAsUser` of -1, an upper-case registry), since the rule is under test, not the API.
   */
  readonly bias?: GeneratorBias;
  /**
   * `valid` (the default): objects the API server would accept. `hostile`: objects it would
   * reject (wrong types, huge or strange strings, deep nesting, `__proto__` keys, missing kind).
   * Only {@link manifestArbitrary} reads this; the per-kind arbitraries always generate valid objects.
   */
  readonly mode?: GeneratorMode;
}
