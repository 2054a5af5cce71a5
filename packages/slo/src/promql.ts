import type { LabelMatcher, Selector } from "./metric.js";

/** The AnalysisTemplate argument that carries the canary ReplicaSet's pod-template hash. */
export const CANARY_HASH_ARG = "canary-hash";

function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function matcher(label: string, m: LabelMatcher): string {
  if (typeof m === "string") return `${label}=${quoted(m)}`;
  if ("regex" in m) return `${label}=~${quoted(m.regex)}`;
  if ("not" in m) return `${label}!=${quoted(m.not)}`;
  return `${label}="{{args.${CANARY_HASH_ARG}}}"`;
}

/**
 * A PromQL series selector: `name{label="value",...}`, labels in name order, values escaped.
 *
 * @param metric - the metric (series) name
 * @param selector - the label matchers
 * @returns the selector text
 */
export function promqlSelector(
  metric: string,
  selector: Readonly<Record<string, LabelMatcher | undefined>>,
): string {
  const parts = Object.entries(selector)
    .filter((e): e is [string, LabelMatcher] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, m]) => matcher(label, m));
  return parts.length === 0 ? metric : `${metric}{${parts.join(",")}}`;
}

/**
 * Whether a selector matches the canary's pod-template hash.
 *
 * @param selector - the label matchers
 * @returns true when one of them is the canary hash
 */
export function usesCanaryHash<L extends string>(selector: Selector<L>): boolean {
  return Object.values<LabelMatcher | undefined>(selector).some(
    (m) => typeof m === "object" && "canaryPodTemplateHash" in m,
  );
}
