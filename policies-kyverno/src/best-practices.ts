import type { LibraryEntry } from "./library-entry.js";
import requireRoRootfs from "./rules/require-ro-rootfs.js";

/** Best practices (CATALOGUE.md A, rules 18–31). */
export const BEST_PRACTICES: readonly LibraryEntry[] = [
  { rule: requireRoRootfs, anchor: "best-practices/require-ro-rootfs" },
];
