import type { LibraryEntry } from "./library-entry.js";

/** Pod Security Standards, baseline (CATALOGUE.md A, rules 1–11). */
export const POD_SECURITY_BASELINE: readonly LibraryEntry[] = [
];
