/** The placeholder that marks the streamed array in a document's skeleton. */
const PLACEHOLDER = "\u0000tollgate-streamed-array\u0000";

/**
 * Writes a JSON document (2-space indentation, as `JSON.stringify(doc, null, 2)`) with one array
 * inside it written element by element, so a report of any size is written in constant memory.
 * The bytes are exactly those of stringifying the whole document at once.
 *
 * The skeleton is the document with the array replaced by the placeholder it is given; it is
 * built twice: at the start (for the text before the array) and at the end (for the text after
 * it, which may depend on what was seen, such as the errors of the run).
 */
export class JsonArrayStream {
  private indent = "";
  private count = 0;

  /**
   * @param write - where the text goes
   * @param skeleton - the document with the streamed array replaced by `placeholder`
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly skeleton: (placeholder: string) => unknown,
  ) {}

  /** Writes the text before the array. */
  start(): void {
    const [before] = this.split();
    this.indent = `${/(?:^|\n)( *)[^\n]*$/.exec(before)?.[1] ?? ""}`;
    this.write(`${before}[`);
  }

  /**
   * Writes one element of the array.
   *
   * @param item - the element
   */
  add(item: unknown): void {
    this.addText(JSON.stringify(item, null, 2).replace(/\n/g, `\n${this.itemIndent}`));
  }

  /** The indentation of the array's elements (known once {@link start} has run). */
  get itemIndent(): string {
    return `${this.indent}  `;
  }

  /**
   * Writes one element already serialised as `JSON.stringify(item, null, 2)` would, with every
   * line after the first indented by {@link itemIndent} (for writers that cache parts of it).
   *
   * @param text - the element's JSON text
   */
  addText(text: string): void {
    this.write(`${this.count === 0 ? "\n" : ",\n"}${this.itemIndent}${text}`);
    this.count += 1;
  }

  /** Closes the array and writes the rest of the document, with a trailing newline. */
  end(): void {
    const [, after] = this.split();
    this.write(`${this.count === 0 ? "]" : `\n${this.indent}]`}${after}\n`);
  }

  private split(): [string, string] {
    const text = JSON.stringify(this.skeleton(PLACEHOLDER), null, 2);
    const quoted = JSON.stringify(PLACEHOLDER);
    const at = text.indexOf(quoted);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) throw new Error("the document skeleton must hold the streamed array's placeholder exactly once");
    return [text.slice(0, at), text.slice(at + quoted.length)];
  }
}

/**
 * Collects written text in chunks and hands them on once they are large, so that many small
 * writes become few (standard output to a pipe or a file is written synchronously).
 *
 * @param sink - where full chunks go
 * @param chunkSize - characters per chunk
 * @returns a write function and a flush for the end
 */
export function chunkedWriter(sink: (text: string) => void, chunkSize = 1 << 20): { write: (text: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    sink(parts.join(""));
    parts = [];
    size = 0;
  };
  return {
    write: (text) => {
      parts.push(text);
      size += text.length;
      if (size >= chunkSize) flush();
    },
    flush,
  };
}
