import type { LibraryEntry } from "./library-entry.js";

/** Workloads, RBAC and network (CATALOGUE.md A, rules 32–55). */
export const WORKLOADS_RBAC_NETWORK: readonly LibraryEntry[] = [
];
