import type { EvalError, EvalReport, EvalResult, ResourceRef } from "./eval-result.js";
import { JsonArrayStream } from "./json-array-stream.js";
import type { ReportWriter } from "./report-writer.js";

/**
 * A streaming writer of the `-o json` document of the CLI contract:
 * `{"results": [...], "errors": [...]}`.
 *
 * @param write - where the text goes
 * @returns the writer
 */
export function createJsonWriter(write: (text: string) => void): ReportWriter {
  let errors: readonly EvalError[] = [];
  const stream = new JsonArrayStream(write, (results) => ({ results, errors }));
  // The results of one document share their resource: its text is made once.
  let resource: ResourceRef | undefined;
  let resourceText = "";
  return {
    start: () => stream.start(),
    results: (rs: readonly EvalResult[]) => {
      const pad = `${stream.itemIndent}  `;
      for (const r of rs) {
        if (r.resource !== resource) {
          resource = r.resource;
          resourceText = JSON.stringify(resource, null, 2).replace(/\n/g, `\n${pad}`);
        }
        const messages = r.messages.length === 0 ? "[]" : `[\n${r.messages.map((m) => `${pad}  ${JSON.stringify(m)}`).join(",\n")}\n${pad}]`;
        stream.addText(
          `{\n${pad}"resource": ${resourceText},\n${pad}"rule": ${JSON.stringify(r.rule)},\n${pad}"engine": ${JSON.stringify(r.engine)},\n${pad}"verdict": ${JSON.stringify(r.verdict)},\n${pad}"messages": ${messages}\n${stream.itemIndent}}`,
        );
      }
    },
    end: (all) => {
      errors = all;
      stream.end();
    },
  };
}

/**
 * The `-o json` document of the CLI contract: `{"results": [...], "errors": [...]}`.
 *
 * @param report - the run
 * @returns JSON text with a trailing newline
 */
export function formatJson(report: EvalReport): string {
  return writeAll(report, createJsonWriter);
}

/**
 * A whole report through a streaming writer, as text.
 *
 * @param report - the run
 * @param create - makes the writer
 * @returns the text
 */
export function writeAll(report: EvalReport, create: (write: (text: string) => void) => ReportWriter): string {
  const parts: string[] = [];
  const writer = create((t) => parts.push(t));
  writer.start();
  writer.results(report.results);
  writer.end(report.errors);
  return parts.join("");
}
