import { failureCondition, successCondition } from "./conditions.js";
import type { Slo } from "./objectives.js";
import { analysisTemplateName, type ServiceSlos } from "./service-slos.js";

const KIND_WORDS: Readonly<Record<Slo["kind"], string>> = {
  availability: "Availability: the share of requests that fail, as a burn rate of the error budget",
  latency: "Latency: a quantile of the request duration, in seconds",
  saturation: "Saturation: how much of its capacity the service uses, as a ratio",
};

function threshold(slo: Slo, n: number): string {
  return slo.unit === "seconds"
    ? `${n} s`
    : slo.unit === "ratio"
      ? `${Number((n * 100).toPrecision(10))}%`
      : `a burn rate of ${n}`;
}

/** "Any failed measurement", "More than 2 failed measurements". */
function moreThan(limit: number, what: string): string {
  return limit === 0 ? `Any ${what}` : `More than ${limit} ${what}s`;
}

/**
 * The doc page of one objective: what it protects, what is measured, and what passes, fails or
 * pauses the canary, in plain words, then the query and conditions a cluster runs.
 *
 * @param s - the service's SLOs
 * @param slo - the objective
 * @returns the page's Markdown
 */
export function sloPage(s: ServiceSlos, slo: Slo): string {
  const a = s.analysis;
  const between = slo.pass < slo.fail;
  return [
    `# ${s.service}: ${slo.name}`,
    "",
    slo.description,
    "",
    `- **Objective**: ${slo.objective}.`,
    `- **Kind**: ${KIND_WORDS[slo.kind]}.`,
    `- **Metric**: \`${slo.metric}\`, over the last ${slo.window}${slo.canaryOnly ? ", the canary's pods only" : ""}.`,
    `- **Passes** at or under ${threshold(slo, slo.pass)}; **fails** above ${threshold(slo, slo.fail)}${between ? "; in between, the measurement is inconclusive" : ""}.`,
    `- **No data** (no requests counted, or none at all in the window) is inconclusive: the Rollout pauses for a person to look; it is never promoted on missing data.`,
    "",
    "## In the canary",
    "",
    `The AnalysisTemplate \`${analysisTemplateName(s.service)}\` measures this every ${a.interval}, ${a.count} times, after each canary weight (${s.weights.map((w) => `${w}%`).join(", ")}).`,
    `${moreThan(a.failureLimit, "failed measurement")} fails the analysis: the Rollout aborts and traffic returns to the stable version.`,
    `${moreThan(a.inconclusiveLimit, "inconclusive measurement")} makes it inconclusive, which pauses the Rollout; ${moreThan(a.consecutiveErrorLimit, "query error").toLowerCase()} in a row aborts it.`,
    "",
    "## What a cluster runs",
    "",
    "```promql",
    slo.query,
    "```",
    "",
    `- successCondition: \`${successCondition(slo)}\``,
    `- failureCondition: \`${failureCondition(slo)}\``,
    "",
  ].join("\n");
}

/**
 * The index of every service's objectives.
 *
 * @param services - the services' SLOs
 * @returns the index page's Markdown
 */
export function sloIndexPage(services: readonly ServiceSlos[]): string {
  const rows = services.flatMap((s) =>
    s.slos.map(
      (slo) =>
        `| ${s.service} | [${slo.name}](${s.service}/${slo.name}.md) | ${slo.kind} | ${slo.objective} | \`${analysisTemplateName(s.service)}\` |`,
    ),
  );
  return [
    "# Service level objectives",
    "",
    "Each objective below is measured by its service's Argo Rollouts AnalysisTemplate during a canary; a failed measurement rolls the canary back. See [docs/slo.md](../slo.md) for how they are written and tested.",
    "",
    "| service | objective | kind | target | AnalysisTemplate |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
