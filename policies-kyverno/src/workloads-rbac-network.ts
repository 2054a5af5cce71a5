import type { LibraryEntry } from "./library-entry.js";

/** Workloads, RBAC and network (CATALOGUE.md A, rules 32–43). */
export const WORKLOADS_RBAC_NETWORK: readonly LibraryEntry[] = [
];
