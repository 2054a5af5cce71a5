#!/usr/bin/env node
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { exitQuietlyWhenOutputCloses } from "./closed-output.js";
import { nodeFlagsFor } from "./node-flags.js";

const args = process.argv.slice(2);
const flags = nodeFlagsFor(args, process.execArgv, process.env);
if (flags.length > 0) {
  // Re-run with the flags (see node-flags.ts): same arguments, standard streams and exit code.
  const child = spawn(
    process.execPath,
    [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...args],
    { stdio: "inherit" },
  );
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, forward);
  child.on("error", (e) => {
    process.stderr.write(`tollgate: could not start node: ${e.message}\n`);
    process.exitCode = 2;
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 2;
  });
} else {
  exitQuietlyWhenOutputCloses(process.stdout, (code) => process.exit(code));
  const { main } = await import("../main.js");
  process.exitCode = await main(args);
}
