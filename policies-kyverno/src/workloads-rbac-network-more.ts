import type { LibraryEntry } from "./library-entry.js";

/** Workloads, RBAC and network, continued (CATALOGUE.md A, rules 44–55). */
export const WORKLOADS_RBAC_NETWORK_MORE: readonly LibraryEntry[] = [];
