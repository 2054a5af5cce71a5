import type { RuleIR } from "@tollgate/rule-dsl";
import type { EvalError, EvalReport, EvalResult } from "./eval-result.js";
import { streamedReportWriter, writeAll } from "./format-json.js";
import { JsonArrayStream } from "./json-array-stream.js";
import type { RenderedResults, ReportWriter } from "./report-writer.js";

/** The SARIF level of a rule's severity: high and critical are errors, the rest warnings. */
function levelOf(severity: string): "error" | "warning" | "note" {
  return severity === "high" || severity === "critical"
    ? "error"
    : severity === "medium"
      ? "warning"
      : "note";
}

/** GitHub code scanning's security-severity scale for a severity. */
function securitySeverityOf(severity: string): string {
  return { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" }[severity] ?? "5.0";
}

/** The SARIF log around its results, given the rules' descriptors and the run's errors. */
function sarifSkeleton(rules: readonly RuleIR[], version: string, errors: readonly EvalError[]) {
  const sarifRules = rules.map((r) => ({
    id: r.meta.id,
    name: r.meta.title.replace(/[^A-Za-z0-9]+/g, ""),
    shortDescription: { text: r.meta.title },
    fullDescription: { text: r.meta.description },
    help: { text: r.meta.remediation, markdown: `${r.meta.remediation}\n\nSee docs/rules/${r.meta.id}.md.` },
    helpUri: `docs/rules/${r.meta.id}.md`,
    defaultConfiguration: { level: levelOf(r.meta.severity) },
    properties: {
      category: r.meta.category,
      severity: r.meta.severity,
      gate: r.meta.gate,
      "security-severity": securitySeverityOf(r.meta.severity),
      tags: ["kubernetes", "security", r.meta.category],
    },
  }));
  return (results: unknown) => ({
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "tollgate", version, semanticVersion: version, rules: sarifRules } },
        results,
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((e) => ({
              level: "error",
              message: { text: e.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: e.file === "-" ? "stdin" : e.file.replace(/\\/g, "/") },
                    ...(e.line ? { region: { startLine: e.line } } : {}),
                  },
                },
              ],
            })),
          },
        ],
      },
    ],
  });
}

/**
 * Renders the failing results of a document as SARIF result objects (see
 * {@link createSarifWriter}), on any thread.
 *
 * @param rules - the rules evaluated, in the order of the log's rule descriptors
 * @param indent - the indentation of the results array's elements
 * @returns the renderer
 */
export function sarifResultRenderer(
  rules: readonly RuleIR[],
  indent: string,
): (results: readonly EvalResult[]) => RenderedResults {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const severity = new Map(rules.map((r) => [r.meta.id, r.meta.severity]));
  return (rs) => {
    const items: string[] = [];
    for (const r of rs) {
      if (r.verdict !== "fail" && r.verdict !== "error") continue;
      for (const message of r.messages.length > 0 ? r.messages : [r.verdict]) {
        const item = {
          ruleId: r.rule,
          ruleIndex: index.get(r.rule) ?? -1,
          level: r.verdict === "error" ? "error" : levelOf(severity.get(r.rule) ?? "medium"),
          message: {
            text: `${r.resource.kind} ${r.resource.namespace ? `${r.resource.namespace}/` : ""}${r.resource.name}: ${message}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: {
                  uri: r.resource.file === "-" ? "stdin" : r.resource.file.replace(/\\/g, "/"),
                },
                region: { startLine: Math.max(1, r.resource.line) },
              },
              logicalLocations: [
                {
                  name: r.resource.name,
                  fullyQualifiedName: `${r.resource.kind}/${r.resource.namespace}/${r.resource.name}`,
                  kind: "resource",
                },
              ],
            },
          ],
          properties: { engine: r.engine, document: r.resource.document },
        };
        items.push(JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}`));
      }
    }
    return { text: items.join(`,\n${indent}`), items: items.length };
  };
}

/**
 * The indentation of the SARIF results (for rendering them on another thread).
 *
 * @param rules - the rules
 * @param version - Tollgate's version
 * @returns the indentation
 */
export function sarifResultIndent(rules: readonly RuleIR[], version: string): string {
  return new JsonArrayStream(() => undefined, sarifSkeleton(rules, version, [])).itemIndent;
}

/**
 * A streaming SARIF 2.1.0 writer (see {@link formatSarif}): the rules are written first, each
 * failing result as it comes, the run's notifications at the end.
 *
 * @param write - where the text goes
 * @param rules - the rules evaluated
 * @param version - Tollgate's version
 * @returns the writer
 */
export function createSarifWriter(
  write: (text: string | Uint8Array) => void,
  rules: readonly RuleIR[],
  version: string,
): ReportWriter {
  return streamedReportWriter(
    write,
    (errors) => sarifSkeleton(rules, version, errors),
    (indent) => sarifResultRenderer(rules, indent),
  );
}

/**
 * A SARIF 2.1.0 log for code scanning: one result per failing or erroring rule on a resource,
 * located at the file and the line where the resource starts; unusable input becomes tool
 * execution notifications and marks the run unsuccessful.
 *
 * @param report - the run
 * @param rules - the rules evaluated
 * @param version - the Tollgate version
 * @returns SARIF JSON text
 */
export function formatSarif(report: EvalReport, rules: readonly RuleIR[], version: string): string {
  return writeAll(report, (write) => createSarifWriter(write, rules, version));
}
