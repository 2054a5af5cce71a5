/** A byte that is not part of valid UTF-8, and where its stand-in U+FFFD sits in the decoded text. */
export interface InvalidByte {
  /** Offset of the U+FFFD that replaces the byte in the text. */
  readonly offset: number;
  /** The byte's value. */
  readonly byte: number;
}

/**
 * The text of a file, with the bytes that are not UTF-8 (each replaced by U+FFFD, in text
 * order), or why the file is not text at all.
 */
export type DecodedText =
  { readonly text: string; readonly invalid: readonly InvalidByte[] } | { readonly error: string };

/**
 * Decodes a file's bytes as UTF-8 and drops a leading byte order mark. Bytes that are not
 * UTF-8 do not make the whole file unusable: each becomes U+FFFD and is listed, so that the
 * documents holding one can be refused while the other documents of the file are still read.
 * UTF-16 text (with its byte order mark) is refused as a whole.
 *
 * @param content - the bytes, or text already decoded
 * @returns the text and the invalid bytes, or a reason it could not be decoded
 */
export function decodeText(content: Buffer | string): DecodedText {
  if (typeof content === "string") {
    return { text: content.startsWith("\uFEFF") ? content.slice(1) : content, invalid: [] };
  }
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    return { error: "is UTF-16 text (as Windows editors and PowerShell write it); save it as UTF-8" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(content), invalid: [] };
  } catch (error) {
    if (!(error instanceof TypeError)) return { error: `cannot be read as text: ${String(error)}` };
    return decodeLeniently(content);
  }
}

/** Decodes valid runs exactly and replaces each byte that starts no valid sequence by U+FFFD. */
function decodeLeniently(bytes: Buffer): DecodedText {
  const pieces: string[] = [];
  const invalid: InvalidByte[] = [];
  let length = 0;
  let runStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = runStart; i < bytes.length;) {
    const size = sequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    const run = bytes.toString("utf8", runStart, i);
    pieces.push(run, "\uFFFD");
    length += run.length;
    invalid.push({ offset: length, byte: bytes[i] ?? 0 });
    length += 1;
    i += 1;
    runStart = i;
  }
  pieces.push(bytes.toString("utf8", runStart));
  return { text: pieces.join(""), invalid };
}

/** Length of the well-formed UTF-8 sequence starting at `i` (RFC 3629), or 0 when there is none. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const follows = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return follows(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
    const ok = follows(1, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf) && follows(2);
    return ok ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing past U+10FFFF).
    const ok =
      follows(1, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf) && follows(2) && follows(3);
    return ok ? 4 : 0;
  }
  return 0;
}
