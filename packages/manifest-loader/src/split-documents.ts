/** Where one YAML document lies in a file's text. */
export interface DocumentSpan {
  /** Offset of the document's first character (a `---` marker, a comment or content). */
  readonly start: number;
  /** Offset just past the document. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** True when the document holds nothing but blank lines, comments, directives and markers. */
  readonly empty: boolean;
}

/** A `---` or `...` marker at the start of a line, after the first; YAML forbids them inside content. */
const MARKER = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;

/**
 * Cuts a YAML stream into its documents without parsing them, so that an oversized document
 * can be refused before any work is spent on it. A document starts at a `---` line (with the
 * comments and directives before it) and ends before the next `---` or after a `...` line, as
 * in YAML 1.2. Counts the documents as the `yaml` library does: a `...` line always ends one,
 * possibly empty, but a stretch of comments with no marker is not a document.
 *
 * @param text - the whole file
 * @returns the documents, in order
 */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let started = false;
  let line = 1;
  let lineAt = 0;
  const close = (end: number, ended: boolean): void => {
    const empty = !hasContent(text, start, end);
    if (started || ended || !empty) {
      line += countNewlines(text, lineAt, start);
      lineAt = start;
      spans.push({ start, end, line, empty });
    }
    start = end;
    started = false;
  };
  const markers = [
    ...(isMarkerAt(text, 0) ? [0] : []),
    ...[...text.matchAll(MARKER)].map((m) => m.index + 1),
  ];
  for (const at of markers) {
    if (text.startsWith("---", at)) {
      if (started || hasContent(text, start, at)) close(at, false);
      started = true;
    } else {
      const newline = text.indexOf("\n", at);
      close(newline === -1 ? text.length : newline + 1, true);
    }
  }
  if (started || start < text.length) close(text.length, false);
  return spans;
}

function isMarkerAt(text: string, at: number): boolean {
  return /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(at, at + 4));
}

/** Whether a stretch of text holds anything but blank lines, comments, directives and bare markers. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let at = from; at < to;) {
    const newline = text.indexOf("\n", at);
    const lineEnd = newline === -1 || newline > to ? to : newline;
    let i = at;
    if (isMarkerAt(text, at)) i += 3;
    else if (text[at] === "%") i = lineEnd;
    while (i < lineEnd && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
    if (i < lineEnd && text[i] !== "#") return true;
    at = lineEnd + 1;
  }
  return false;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
