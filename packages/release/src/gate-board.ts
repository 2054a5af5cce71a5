import { ansiPainter } from "./ansi.js";

/** One step of the release, as the gate board shows it. */
export interface GateStep {
  readonly name: string;
  readonly ok: boolean;
  /** What was measured: counts, durations, what failed. */
  readonly figure: string;
}

/**
 * The gate board: each step green (✔) or red (✘) with its figure, and the overall verdict.
 *
 * @param steps - the steps run so far
 * @param color - use ANSI colours
 * @returns text
 */
export function formatGateBoard(steps: readonly GateStep[], color: boolean): string {
  const paint = ansiPainter(color);
  const width = Math.max(...steps.map((s) => s.name.length), 12);
  const lines = steps.map(
    (s) => `  ${s.ok ? paint("32", "✔") : paint("31", "✘")} ${s.name.padEnd(width)}  ${s.figure}`,
  );
  const ok = steps.every((s) => s.ok);
  return [
    "",
    "tollgate release: gate board",
    ...lines,
    "",
    ok ? paint("32", "RELEASE SIGNED AND VERIFIED") : paint("31", "RELEASE REFUSED"),
    "",
  ].join("\n");
}
