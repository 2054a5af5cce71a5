import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProject } from "./config/project.js";

/** The repository's root folder. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The repository's own configuration file. */
export const REPO_CONFIG = join(REPO_ROOT, "tollgate.config.ts");

/** The repository's project: both libraries, loaded as every command loads them. */
export const REPO_PROJECT = await loadProject(REPO_CONFIG, REPO_ROOT);
