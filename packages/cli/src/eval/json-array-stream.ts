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
  private readonly indent: string;
  private count = 0;

  /**
   * @param write - where the text goes
   * @param skeleton - the document with the streamed array replaced by `placeholder`
   */
  constructor(
    private readonly write: (text: string | Uint8Array) => void,
    private readonly skeleton: (placeholder: string) => unknown,
  ) {
    const [before] = this.split();
    this.indent = /(?:^|\n)( *)[^\n]*$/.exec(before)?.[1] ?? "";
  }

  /** Writes the text before the array. */
  start(): void {
    const [before] = this.split();
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

  /** The indentation of the array's elements. */
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
    this.addJoined(text, 1);
  }

  /**
   * Writes several elements at once, serialised as {@link addText} takes them and joined with
   * `",\n"` and {@link itemIndent}.
   *
   * @param text - the elements' text, or its UTF-8 bytes
   * @param items - how many elements it holds (0 writes nothing)
   */
  addJoined(text: string | Uint8Array, items: number): void {
    if (items === 0) return;
    this.write(`${this.count === 0 ? "\n" : ",\n"}${this.itemIndent}`);
    this.write(text);
    this.count += items;
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
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0)
      throw new Error("the document skeleton must hold the streamed array's placeholder exactly once");
    return [text.slice(0, at), text.slice(at + quoted.length)];
  }
}

/**
 * Encodes written text as UTF-8 into large buffers and hands each on once it is full, so that
 * many small writes become few and no large string is ever built (standard output to a pipe or
 * a file is written synchronously).
 *
 * @param sink - where full chunks go
 * @param chunkSize - bytes per chunk
 * @returns a write function and a flush for the end
 */
export function chunkedWriter(
  sink: (chunk: Uint8Array) => void,
  chunkSize = 1 << 20,
): { write: (text: string | Uint8Array) => void; flush: () => void } {
  let buffer = Buffer.allocUnsafe(chunkSize);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    sink(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(chunkSize);
    used = 0;
  };
  return {
    write: (text) => {
      if (typeof text !== "string") {
        if (used + text.length > chunkSize) flush();
        if (text.length > chunkSize) sink(text);
        else {
          buffer.set(text, used);
          used += text.length;
        }
        return;
      }
      // At most 3 bytes per UTF-16 unit.
      if (used + text.length * 3 > chunkSize) {
        flush();
        if (text.length * 3 > chunkSize) {
          sink(Buffer.from(text, "utf8"));
          return;
        }
      }
      used += buffer.write(text, used, "utf8");
    },
    flush,
  };
}
