import type { RuleIR } from "@tollgate/rule-dsl";
import { yamlText } from "@tollgate/artifacts";
import { GroupSpool } from "./group-spool.js";
import type { ReportWriter } from "./report-writer.js";

function timestamp(): { seconds: number; nanos: number } {
  const epoch = process.env["SOURCE_DATE_EPOCH"];
  return { seconds: epoch && /^\d+$/.test(epoch) ? Number(epoch) : Math.floor(Date.now() / 1000), nanos: 0 };
}

/**
 * A streaming writer of Kubernetes policy reports (openreports.io/v1alpha1): a `Report` per
 * namespace and a `ClusterReport` for cluster-scoped resources, each with its summary and one
 * result per rule and resource, as a YAML stream ready for `kubectl apply`. Each namespace's
 * results are kept on disk as they come, so memory does not grow with the corpus.
 *
 * @param write - where the text goes
 * @param rules - the rules (for category and severity)
 * @returns the writer
 */
export function createPolicyReportWriter(
  write: (text: string | Uint8Array) => void,
  rules: readonly RuleIR[],
): ReportWriter {
  const meta = new Map(rules.map((r) => [r.meta.id, r.meta]));
  const spool = new GroupSpool();
  const summaries = new Map<string, { pass: number; fail: number; error: number; skip: number }>();
  const ts = timestamp();
  return {
    start: () => undefined,
    results: (rs) => {
      for (const r of rs) {
        const ns = r.resource.namespace;
        let summary = summaries.get(ns);
        if (!summary) summaries.set(ns, (summary = { pass: 0, fail: 0, error: 0, skip: 0 }));
        if (r.verdict in summary) summary[r.verdict as keyof typeof summary] += 1;
        const m = meta.get(r.rule);
        const item = {
          source: "tollgate",
          policy: r.rule,
          ...(m ? { category: m.category, severity: m.severity } : {}),
          timestamp: ts,
          result: r.verdict,
          scored: true,
          resources: [
            {
              apiVersion: r.resource.apiVersion,
              kind: r.resource.kind,
              name: r.resource.name,
              ...(ns ? { namespace: ns } : {}),
            },
          ],
          ...(r.messages.length > 0 ? { message: r.messages.join("; ") } : {}),
          properties: {
            engine: r.engine,
            file: r.resource.file,
            document: String(r.resource.document),
            ...(m ? { gate: String(m.gate) } : {}),
          },
        };
        // One element of the report's results list, as it reads inside the report.
        spool.append(ns, yamlText([item]).replace(/^(?=.)/gm, "  "));
      }
    },
    rendered: () => {
      throw new Error("policy reports are written in the calling thread");
    },
    end: () => {
      try {
        [...summaries.keys()].sort().forEach((ns, i) => {
          const s = summaries.get(ns)!;
          const head = {
            apiVersion: "openreports.io/v1alpha1",
            kind: ns ? "Report" : "ClusterReport",
            metadata: {
              name: "tollgate",
              ...(ns ? { namespace: ns } : {}),
              labels: { "app.kubernetes.io/managed-by": "tollgate" },
            },
            source: "tollgate",
            summary: { pass: s.pass, fail: s.fail, warn: 0, error: s.error, skip: s.skip },
          };
          write(`${i > 0 ? "---\n" : ""}${yamlText(head)}results:\n`);
          spool.copy(ns, write);
        });
      } finally {
        spool.dispose();
      }
    },
  };
}
