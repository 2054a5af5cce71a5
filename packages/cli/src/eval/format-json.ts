import type { EvalError, EvalReport, EvalResult, ResourceRef } from "./eval-result.js";
import { ByteParts } from "./byte-parts.js";
import { JsonArrayStream } from "./json-array-stream.js";
import { NestedCache } from "./nested-cache.js";
import type { RenderedResults, ReportWriter } from "./report-writer.js";

/**
 * A resource as `JSON.stringify(resource, null, 2)` writes it, each line after the first
 * indented by `pad`: written field by field when every field is a string or a number.
 *
 * @param resource - the resource
 * @param pad - the indentation of the lines after the first
 * @returns JSON text
 */
function resourceText(resource: ResourceRef, pad: string): string {
  let text = "{";
  let fields = 0;
  for (const [key, value] of Object.entries(resource)) {
    if (value === undefined) continue;
    if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value)))
      return JSON.stringify(resource, null, 2).replace(/\n/g, `\n${pad}`);
    text += `${fields++ === 0 ? "" : ","}\n${pad}  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  }
  return fields === 0 ? "{}" : `${text}\n${pad}}`;
}

/** The `-o json` document around its results: `{"results": [...], "errors": [...]}`. */
function jsonSkeleton(errors: readonly EvalError[]) {
  return (results: unknown) => ({ results, errors });
}

/**
 * Renders results as elements of the `-o json` results array (see {@link createJsonWriter}),
 * on any thread: the UTF-8 bytes of the text `JSON.stringify` gives each element at that
 * indentation.
 *
 * @param indent - the indentation of the array's elements
 * @returns the renderer
 */
export function jsonResultRenderer(indent: string): (results: readonly EvalResult[]) => RenderedResults {
  const pad = `${indent}  `;
  const head = `{\n${pad}"resource": `;
  const separator = `,\n${indent}`;
  const close = `\n${indent}}`;
  // Rendered as UTF-8 bytes, assembled from pieces encoded once: the text between the resource and
  // the messages depends on rule, engine and verdict only (with no messages, so does the rest of
  // the element), and the results of one document share their resource.
  // After the messages of a result.
  const closeMessages = Buffer.from(`\n${pad}]${close}`);
  // The last batch's size: the next one reserves about as much.
  let lastSize = 4096;
  // The element's start up to its resource's text, for the first element and the others.
  let resource: ResourceRef | undefined;
  let firstStart: Uint8Array = new Uint8Array();
  let nextStart: Uint8Array = new Uint8Array();
  const middles = new NestedCache<{ readonly middle: Uint8Array; readonly whole: Uint8Array }>();
  const middleOf = (r: EvalResult) =>
    middles.get(r.rule, r.engine, r.verdict, () => {
      const middle = `,\n${pad}"rule": ${JSON.stringify(r.rule)},\n${pad}"engine": ${JSON.stringify(r.engine)},\n${pad}"verdict": ${JSON.stringify(r.verdict)},\n${pad}"messages": `;
      return { middle: Buffer.from(middle), whole: Buffer.from(`${middle}[]${close}`) };
    });
  return (rs) => {
    const parts = new ByteParts(lastSize * 1.25);
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i]!;
      if (r.resource !== resource) {
        resource = r.resource;
        const start = `${head}${resourceText(resource, pad)}`;
        firstStart = Buffer.from(start);
        nextStart = Buffer.from(`${separator}${start}`);
      }
      parts.add(i === 0 ? firstStart : nextStart);
      const { middle, whole } = middleOf(r);
      if (r.messages.length === 0) {
        parts.add(whole);
        continue;
      }
      parts.add(middle);
      // The messages as one piece of text: one encoding call per result, not per message.
      let text = `[\n${pad}  ${JSON.stringify(r.messages[0])}`;
      for (let m = 1; m < r.messages.length; m++) text += `,\n${pad}  ${JSON.stringify(r.messages[m])}`;
      parts.addText(text);
      parts.add(closeMessages);
    }
    lastSize = parts.length;
    return { text: parts.bytes(), items: rs.length };
  };
}

/**
 * The indentation of the `-o json` results (for rendering them on another thread).
 *
 * @returns the indentation
 */
export function jsonResultIndent(): string {
  return new JsonArrayStream(() => undefined, jsonSkeleton([])).itemIndent;
}

/**
 * A streaming writer of the `-o json` document of the CLI contract:
 * `{"results": [...], "errors": [...]}`.
 *
 * @param write - where the text goes
 * @returns the writer
 */
export function createJsonWriter(write: (text: string | Uint8Array) => void): ReportWriter {
  return streamedReportWriter(write, (errors) => jsonSkeleton(errors), jsonResultRenderer);
}

/**
 * A report writer for a JSON document with one streamed array of results: the document's
 * skeleton (given the run's errors, known at the end) and the renderer of its elements.
 *
 * @param write - where the text goes
 * @param skeleton - the document around the array, for the run's errors
 * @param renderer - makes the renderer of the array's elements, for their indentation
 * @returns the writer
 */
export function streamedReportWriter(
  write: (text: string | Uint8Array) => void,
  skeleton: (errors: readonly EvalError[]) => (results: unknown) => unknown,
  renderer: (indent: string) => (results: readonly EvalResult[]) => RenderedResults,
): ReportWriter {
  let errors: readonly EvalError[] = [];
  const stream = new JsonArrayStream(write, (results) => skeleton(errors)(results));
  const render = renderer(stream.itemIndent);
  return {
    start: () => stream.start(),
    results: (rs) => {
      const r = render(rs);
      stream.addJoined(r.text, r.items);
    },
    rendered: (r) => stream.addJoined(r.text, r.items),
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
export function writeAll(
  report: EvalReport,
  create: (write: (text: string | Uint8Array) => void) => ReportWriter,
): string {
  const parts: string[] = [];
  const writer = create((t) => parts.push(typeof t === "string" ? t : Buffer.from(t).toString("utf8")));
  writer.start();
  writer.results(report.results);
  writer.end(report.errors);
  return parts.join("");
}
