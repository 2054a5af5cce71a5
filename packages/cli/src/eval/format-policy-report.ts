import type { RuleIR } from "@tollgate/rule-dsl";
import { yamlStream } from "@tollgate/artifacts";
import type { EvalReport, EvalResult } from "./eval-result.js";

function timestamp(): { seconds: number; nanos: number } {
  const epoch = process.env["SOURCE_DATE_EPOCH"];
  return { seconds: epoch && /^\d+$/.test(epoch) ? Number(epoch) : Math.floor(Date.now() / 1000), nanos: 0 };
}

/**
 * Kubernetes policy reports (openreports.io/v1alpha1): a `Report` per namespace and a
 * `ClusterReport` for cluster-scoped resources, each with its summary and one result per rule
 * and resource, as a YAML stream ready for `kubectl apply`.
 *
 * @param report - the run
 * @param rules - the rules (for category and severity)
 * @returns YAML text
 */
export function formatPolicyReports(report: EvalReport, rules: readonly RuleIR[]): string {
  const meta = new Map(rules.map((r) => [r.meta.id, r.meta]));
  const byNamespace = new Map<string, EvalResult[]>();
  for (const r of report.results) byNamespace.set(r.resource.namespace, [...(byNamespace.get(r.resource.namespace) ?? []), r]);
  const ts = timestamp();
  const docs = [...byNamespace.keys()].sort().map((ns) => {
    const results = byNamespace.get(ns)!;
    const count = (v: string) => results.filter((r) => r.verdict === v).length;
    return {
      apiVersion: "openreports.io/v1alpha1",
      kind: ns ? "Report" : "ClusterReport",
      metadata: { name: "tollgate", ...(ns ? { namespace: ns } : {}), labels: { "app.kubernetes.io/managed-by": "tollgate" } },
      source: "tollgate",
      summary: { pass: count("pass"), fail: count("fail"), warn: 0, error: count("error"), skip: count("skip") },
      results: results.map((r) => {
        const m = meta.get(r.rule);
        return {
          source: "tollgate",
          policy: r.rule,
          ...(m ? { category: m.category, severity: m.severity } : {}),
          timestamp: ts,
          result: r.verdict,
          scored: true,
          resources: [{ apiVersion: r.resource.apiVersion, kind: r.resource.kind, name: r.resource.name, ...(ns ? { namespace: ns } : {}) }],
          ...(r.messages.length > 0 ? { message: r.messages.join("; ") } : {}),
          properties: { engine: r.engine, file: r.resource.file, document: String(r.resource.document), ...(m ? { gate: String(m.gate) } : {}) },
        };
      }),
    };
  });
  return yamlStream(docs);
}
