/**
 * Bytes assembled from pieces: encoded pieces (kept, copied once at the end) and text (encoded
 * as UTF-8 at the end). Cheaper than concatenating strings and encoding the result when most
 * pieces repeat and are encoded once.
 */
export class ByteParts {
  private readonly parts: (Uint8Array | string)[] = [];
  private size = 0;

  /**
   * Adds encoded bytes (not copied until {@link ByteParts.bytes}: do not change them).
   *
   * @param bytes - the bytes
   */
  add(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  /**
   * Adds text, to be encoded as UTF-8.
   *
   * @param text - the text
   */
  addText(text: string): void {
    this.parts.push(text);
    this.size += Buffer.byteLength(text, "utf8");
  }

  /**
   * The bytes of every piece in order, in a buffer of its own (never a slice of a shared pool,
   * so that its memory can be transferred to another thread).
   *
   * @returns the bytes
   */
  bytes(): Uint8Array {
    const out = Buffer.allocUnsafeSlow(this.size);
    let at = 0;
    for (const p of this.parts) {
      if (typeof p === "string") at += out.write(p, at, "utf8");
      else {
        out.set(p, at);
        at += p.length;
      }
    }
    return out;
  }
}
