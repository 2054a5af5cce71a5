/**
 * Bytes assembled from pieces, written as they come into one growing buffer: encoded pieces
 * (copied) and text (encoded as UTF-8 in place). Cheaper than concatenating strings and encoding
 * the result when most pieces repeat and are encoded once.
 */
export class ByteParts {
  private buffer: Buffer;
  private size = 0;

  /**
   * @param capacity - the bytes to reserve at first (it grows as needed)
   */
  constructor(capacity = 4096) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(64, Math.ceil(capacity)));
  }

  private reserve(bytes: number): void {
    if (this.size + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.size + bytes));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
  }

  /**
   * Adds encoded bytes.
   *
   * @param bytes - the bytes
   */
  add(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.size);
    this.size += bytes.length;
  }

  /**
   * Adds text, encoded as UTF-8.
   *
   * @param text - the text
   */
  addText(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    this.reserve(text.length * 3);
    this.size += this.buffer.write(text, this.size, "utf8");
  }

  /** How many bytes are assembled. */
  get length(): number {
    return this.size;
  }

  /**
   * The bytes of every piece in order, in a buffer of its own (never a slice of a shared pool,
   * so that its memory can be transferred to another thread). Add nothing after.
   *
   * @returns the bytes
   */
  bytes(): Uint8Array {
    if (this.size === this.buffer.length) return this.buffer;
    const out = Buffer.allocUnsafeSlow(this.size);
    this.buffer.copy(out, 0, 0, this.size);
    return out;
  }
}
