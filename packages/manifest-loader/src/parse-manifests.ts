import { isMap, isNode, isScalar, isSeq } from "yaml";
import type { Document, LineCounter } from "yaml";
import { composeYaml } from "./compose-yaml.js";
import { decodeText } from "./decode-text.js";
import type { InvalidByte } from "./decode-text.js";
import { parseJsonDocument } from "./json-document.js";
import { kubernetesObjects } from "./kubernetes-objects.js";
import { resolveLimits } from "./load-options.js";
import type { Limits, LoadOptions } from "./load-options.js";
import { locatedError } from "./location.js";
import type { ManifestItem } from "./manifest-item.js";
import { splitDocuments } from "./split-documents.js";
import type { DocumentSpan } from "./split-documents.js";
import { YamlDataError, yamlToJson } from "./yaml-to-json.js";

/** Characters YAML does not allow in a stream: C0 and C1 controls but tab, LF, CR and NEL; U+FFFE, U+FFFF. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

/**
 * Parses one file's manifests: YAML documents separated by `---`, or JSON (read as YAML, of
 * which it is a subset). Each document becomes an object, the items of a `kind: List`
 * become objects, and whatever cannot be used becomes an error naming the file, the document
 * and the line; the other documents are still returned. Never throws for bad input.
 *
 * Documents that hold only comments or nothing are skipped, but still counted in `index`.
 * A document over `maxDocumentBytes` is refused without being parsed. Scalars follow the YAML
 * 1.2 core schema (`yes` and `on` are strings, `0644` is the decimal 644); integers past 2^53
 * are numbers and lose precision, as with `JSON.parse`.
 *
 * @param content - the file's bytes (UTF-8: a document holding a byte that is not UTF-8 is an
 *   error, the file's other documents are still read; UTF-16 text is refused whole) or text
 * @param file - the path to report, as the caller gave it; `-` for stdin
 * @param options - limits
 * @returns the objects and errors, in file order
 */
export function parseManifests(
  content: Buffer | string,
  file: string,
  options: LoadOptions = {},
): ManifestItem[] {
  try {
    return parseText(content, file, resolveLimits(options));
  } catch (error) {
    return [
      locatedError(
        { file },
        `could not be parsed: ${String(error)} (a bug in @tollgate/manifest-loader; please report it)`,
      ),
    ];
  }
}

function parseText(content: Buffer | string, file: string, limits: Limits): ManifestItem[] {
  const decoded = decodeText(content);
  if ("error" in decoded) return [locatedError({ file }, decoded.error)];
  const items: ManifestItem[] = [];
  let index = 0;
  let hasContent = false;
  for (const span of splitDocuments(decoded.text)) {
    const notUtf8 = firstInvalidByte(decoded.invalid, span);
    if (notUtf8) {
      hasContent = true;
      items.push(invalidByteError(decoded.text, span, notUtf8, { file, index }));
      index += 1;
      continue;
    }
    if (span.empty) {
      index += 1;
      continue;
    }
    hasContent = true;
    index += parseSpan(decoded.text, span, { file, index }, limits, items);
  }
  if (!hasContent) {
    items.push(locatedError({ file }, "contains no Kubernetes objects: it is empty or holds only comments"));
  }
  return items;
}

/**
 * Parses one document's text into `items`.
 *
 * @returns how many documents it held (1, unless the YAML parser saw more than the splitter)
 */
function parseSpan(
  text: string,
  span: DocumentSpan,
  at: { readonly file: string; readonly index: number },
  limits: Limits,
  items: ManifestItem[],
): number {
  const bytes = documentBytes(text, span, limits.maxDocumentBytes);
  if (bytes > limits.maxDocumentBytes) {
    items.push(
      locatedError(
        { ...at, line: span.line },
        `the document is ${formatBytes(bytes)}, over the limit of ${formatBytes(limits.maxDocumentBytes)} ` +
          `(maxDocumentBytes; the Kubernetes API server refuses requests over 3 MiB): not parsed`,
      ),
    );
    return 1;
  }
  const source = text.slice(span.start, span.end);
  const forbidden = FORBIDDEN_CHARACTER.exec(source);
  if (forbidden) {
    const code = `U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    const line = span.line + countLines(source, forbidden.index);
    const name = forbidden[0] === "\u0000" ? `${code} (NUL)` : code;
    items.push(
      locatedError(
        { ...at, line },
        `contains the control character ${name}, which YAML does not allow: is this a binary file?`,
      ),
    );
    return 1;
  }
  const json = parseJsonDocument(source, limits);
  if (json) {
    items.push(
      ...kubernetesObjects(
        json.data,
        { ...at, line: span.line + countLines(source, json.offset) },
        () => undefined,
      ),
    );
    return 1;
  }
  const composed = composeYaml(source, limits.maxDepth);
  const lineAt = (offset: number): number => span.line + composed.lines.linePos(offset).line - 1;
  if ("tooDeepAt" in composed) {
    items.push(
      locatedError(
        { ...at, line: lineAt(composed.tooDeepAt) },
        `nested more than ${limits.maxDepth} levels deep (limit maxDepth)`,
      ),
    );
    return 1;
  }
  composed.documents.forEach((document, k) => {
    items.push(
      ...documentItems(document, { file: at.file, index: at.index + k }, lineAt, composed.lines, limits),
    );
  });
  return Math.max(1, composed.documents.length);
}

function documentItems(
  document: Document.Parsed,
  at: { readonly file: string; readonly index: number },
  lineAt: (offset: number) => number,
  lines: LineCounter,
  limits: Limits,
): ManifestItem[] {
  const [error, ...more] = document.errors;
  if (error) {
    const column = lines.linePos(error.pos[0]).col;
    const others = more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? "s" : ""})` : "";
    return [
      locatedError(
        { ...at, line: lineAt(error.pos[0]) },
        `invalid YAML at column ${column}: ${error.message}${others}`,
      ),
    ];
  }
  const contents = document.contents;
  if (contents === null) return [];
  const line = lineAt(contents.range[0]);
  let data: unknown;
  try {
    data = yamlToJson(contents, limits);
  } catch (problem) {
    if (!(problem instanceof YamlDataError)) throw problem;
    return [
      locatedError(
        { ...at, line: problem.offset === undefined ? line : lineAt(problem.offset) },
        problem.message,
      ),
    ];
  }
  const list = isMap(contents)
    ? contents.items.find((pair) => isScalar(pair.key) && pair.key.value === "items")?.value
    : undefined;
  return kubernetesObjects(data, { ...at, line }, (item) => {
    const node: unknown = isSeq(list) ? list.items[item] : undefined;
    const start = isNode(node) ? node.range?.[0] : undefined;
    return start === undefined ? undefined : lineAt(start);
  });
}

/** The first byte that is not UTF-8 inside a document, if any (`invalid` is in text order). */
function firstInvalidByte(invalid: readonly InvalidByte[], span: DocumentSpan): InvalidByte | undefined {
  let low = 0;
  let high = invalid.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((invalid[middle]?.offset ?? Infinity) < span.start) low = middle + 1;
    else high = middle;
  }
  const found = invalid[low];
  return found !== undefined && found.offset < span.end ? found : undefined;
}

function invalidByteError(
  text: string,
  span: DocumentSpan,
  bad: InvalidByte,
  at: { readonly file: string; readonly index: number },
): ManifestItem {
  const line = span.line + countLines(text.slice(span.start, bad.offset), bad.offset - span.start);
  const hex = `0x${bad.byte.toString(16).toUpperCase().padStart(2, "0")}`;
  return locatedError(
    { ...at, line },
    `is not UTF-8 text (byte ${hex} on line ${line}): is it a binary file, or text in another encoding such as Latin-1? ` +
      `Manifests must be UTF-8 YAML or JSON; the file's other documents are still read`,
  );
}

/** The document's size in UTF-8 bytes, or a lower bound that already exceeds the limit. */
function documentBytes(text: string, span: DocumentSpan, limit: number): number {
  const units = span.end - span.start;
  if (units * 3 <= limit) return units; // at most 3 bytes per UTF-16 unit: surely under the limit
  return Buffer.byteLength(text.slice(span.start, span.end), "utf8");
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

function countLines(text: string, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
