import type { LibraryEntry } from "./library-entry.js";

/** Supply chain and delivery (CATALOGUE.md A, rule 56; 57–60 come with the release). */
export const SUPPLY_CHAIN_DELIVERY: readonly LibraryEntry[] = [
];
