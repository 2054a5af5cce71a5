import type { LibraryEntry } from "./library-entry.js";
import requireRolloutAnalysis from "./rules/require-rollout-analysis.js";

/** Supply chain and delivery (CATALOGUE.md A, rule 56; 57–60 come with the release). */
export const SUPPLY_CHAIN_DELIVERY: readonly LibraryEntry[] = [
  { rule: requireRolloutAnalysis, anchor: "ours/require-rollout-analysis" },
];
