import { readFileSync } from "node:fs";

/** The version of Tollgate: the CLI package's own, stamped on artifacts, releases and SARIF. */
export const TOLLGATE_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
