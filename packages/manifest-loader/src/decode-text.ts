/** The text of a file, or why it is not text. */
export type DecodedText = { readonly text: string } | { readonly error: string };

/**
 * Decodes a file's bytes as strict UTF-8 and drops a leading byte order mark.
 *
 * @param content - the bytes, or text already decoded
 * @returns the text, or a reason it could not be decoded
 */
export function decodeText(content: Buffer | string): DecodedText {
  if (typeof content === "string") return { text: content.startsWith("\uFEFF") ? content.slice(1) : content };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(content) };
  } catch (error) {
    if (!(error instanceof TypeError)) return { error: `cannot be read as text: ${String(error)}` };
    if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
      return { error: "is UTF-16 text (as Windows editors and PowerShell write it); save it as UTF-8" };
    }
    const line = approximateLine(content);
    return {
      error: `is not UTF-8 text (first invalid byte on line ${line}): is it a binary file? Manifests must be UTF-8 YAML or JSON`,
    };
  }
}

/** Line of the first U+FFFD a lenient decoder puts for an invalid byte. */
function approximateLine(content: Buffer): number {
  const lenient = new TextDecoder("utf-8").decode(content);
  const bad = lenient.indexOf("\uFFFD");
  let line = 1;
  for (let i = lenient.indexOf("\n"); i !== -1 && i < bad; i = lenient.indexOf("\n", i + 1)) line++;
  return line;
}
