/** The memory of every ByteParts buffer: no other view of it is ever handed out. */
const OWNED = new WeakSet<ArrayBufferLike>();

/**
 * The memory under bytes that {@link ByteParts.bytes} gave, which may be moved to another thread
 * (no other view of it is in use); undefined for any other bytes.
 *
 * @param bytes - the bytes
 * @returns their memory, or undefined
 */
export function movableMemoryOf(bytes: Uint8Array): ArrayBuffer | undefined {
  return OWNED.has(bytes.buffer) ? (bytes.buffer as ArrayBuffer) : undefined;
}

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
    OWNED.add(this.buffer.buffer);
  }

  private reserve(bytes: number): void {
    if (this.size + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.size + bytes));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
    OWNED.add(grown.buffer);
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
   * The bytes of every piece in order: a view of this object's own memory, never of a shared pool
   * ({@link movableMemoryOf} gives it, to move to another thread). Add nothing after.
   *
   * @returns the bytes
   */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.size);
  }
}
