/** A unit Prometheus and Argo Rollouts both read in a duration. */
export type DurationUnit = "ms" | "s" | "m" | "h";

/**
 * A duration as Prometheus and Argo Rollouts write it: a whole number and one unit (`30s`, `5m`,
 * `1h`, `300ms`). Anything else (`5 minutes`, `1.5m`, `300`) is a TypeScript error where a literal
 * is given, and an error at definition time otherwise.
 */
export type Duration = `${number}${DurationUnit}`;

const UNIT_SECONDS: Readonly<Record<DurationUnit, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * The length of a duration in seconds.
 *
 * @param duration - the duration, such as `5m`
 * @param field - what the duration is, for the error message
 * @returns its length in seconds
 * @throws when the text is not a whole number followed by one of `ms`, `s`, `m`, `h`
 */
export function durationSeconds(duration: string, field: string): number {
  const match = /^([1-9][0-9]*)(ms|s|m|h)$/.exec(duration);
  if (!match)
    throw new Error(
      `${field}: "${duration}" is not a duration: write a whole number and a unit (ms, s, m or h), such as "5m"`,
    );
  return Number(match[1]) * UNIT_SECONDS[match[2] as DurationUnit];
}
