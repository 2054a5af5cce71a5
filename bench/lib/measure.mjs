// Runs a command as a user would, with its wall time and peak memory (resident set size).
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync } from "node:fs";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command with stdout and stderr sent to files, timing it and recording its peak RSS:
 * with GNU time (`/usr/bin/time -v`, which counts the process and the children it waited for)
 * when present, else by polling `/proc/<pid>/status` (VmHWM, the process alone).
 *
 * @param {string} command - the program
 * @param {string[]} args - its arguments
 * @param {{ dir: string, name: string, env?: Record<string,string>, cwd?: string, discardStdout?: boolean }} options - where to put `<name>.stdout` (or /dev/null), `<name>.stderr`
 * @returns {Promise<{ code: number, wallMs: number, cpuMs: number | undefined, peakRssMb: number | undefined, stdout: string, stderr: string, rssSource: string }>}
 */
export async function measure(command, args, { dir, name, env, cwd, discardStdout = false }) {
  const stdout = discardStdout ? "/dev/null" : join(dir, `${name}.stdout`);
  const stderr = join(dir, `${name}.stderr`);
  const timeReport = join(dir, `${name}.time`);
  const useTime = existsSync(GNU_TIME);
  const out = openSync(stdout, "w");
  const err = openSync(stderr, "w");
  const started = performance.now();
  const child = useTime
    ? spawn(GNU_TIME, ["-v", "-o", timeReport, command, ...args], {
        stdio: ["ignore", out, err],
        env: { ...process.env, ...env },
        cwd,
      })
    : spawn(command, args, { stdio: ["ignore", out, err], env: { ...process.env, ...env }, cwd });
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
          if (m) polledKb = Math.max(polledKb, Number(m[1]));
        } catch {
          // the process is gone
        }
      }, 20);
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  const wallMs = performance.now() - started;
  if (poll) clearInterval(poll);
  closeSync(out);
  closeSync(err);
  let peakKb = polledKb || undefined;
  let exitCode = code;
  let cpuMs;
  if (useTime && existsSync(timeReport)) {
    const report = readFileSync(timeReport, "utf8");
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    if (m) peakKb = Number(m[1]);
    const e = /Exit status: (\d+)/.exec(report);
    if (e) exitCode = Number(e[1]);
    // CPU time of the process and the children it waited for: user plus system.
    const user = /User time \(seconds\): ([\d.]+)/.exec(report);
    const system = /System time \(seconds\): ([\d.]+)/.exec(report);
    if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
  }
  return {
    code: exitCode,
    wallMs,
    cpuMs,
    peakRssMb: peakKb === undefined ? undefined : peakKb / 1024,
    stdout,
    stderr,
    rssSource: useTime ? "GNU time -v (max RSS)" : "/proc/<pid>/status VmHWM",
  };
}
