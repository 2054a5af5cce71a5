import { CelUnsupportedError } from "./errors.js";

/** One token of CEL source. */
export interface Token {
  readonly type: "ident" | "int" | "double" | "string" | "punct" | "end";
  /** The identifier or punctuation text; the literal's value for literals. */
  readonly value: string | number;
  readonly start: number;
  readonly end: number;
}

/** Punctuation, longest first so that `.?` wins over `.`. */
const PUNCTUATION = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  ".?",
  "[?",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "!",
  "?",
  ":",
  ".",
  ",",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  a: "\x07",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "`": "`",
  "?": "?",
};

function unsupported(source: string, at: number, what: string): CelUnsupportedError {
  return new CelUnsupportedError(
    `${what} at offset ${at} of ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)}`,
  );
}

/**
 * Reads a double-quoted CEL string literal starting at `start` (the opening quote).
 *
 * @returns the value and the offset after the closing quote
 */
function readString(source: string, start: number): { value: string; end: number } {
  let i = start + 1;
  let value = "";
  for (;;) {
    const c = source[i];
    if (c === undefined || c === "\n") throw unsupported(source, start, "an unterminated string");
    if (c === '"') return { value, end: i + 1 };
    if (c !== "\\") {
      value += c;
      i += 1;
      continue;
    }
    const e = source[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
      const code = Number.parseInt(source.slice(i + 2, i + 6), 16);
      // CEL rejects a lone surrogate; leave such text to a general evaluator.
      if (code >= 0xd800 && code <= 0xdfff) throw unsupported(source, i, "a surrogate escape");
      value += String.fromCharCode(code);
      i += 6;
    } else {
      throw unsupported(source, i, `the escape \\${e}`);
    }
  }
}

/**
 * Splits CEL source into tokens. Only double-quoted strings, decimal numbers, identifiers and
 * CEL's punctuation are read; anything else (bytes, raw or single-quoted strings, hexadecimal or
 * unsigned literals) is unsupported.
 *
 * @param source - CEL source
 * @returns the tokens, ending with an `end` token
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? "";
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i += 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      const word = m[0];
      if (
        (word === "r" || word === "R" || word === "b" || word === "B") &&
        (source[i + 1] === '"' || source[i + 1] === "'")
      ) {
        throw unsupported(source, i, "a raw or bytes literal");
      }
      tokens.push({ type: "ident", value: word, start: i, end: i + word.length });
      i += word.length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      const text = m[0];
      const next = source[i + text.length] ?? "";
      if (/[A-Za-z_.]/.test(next))
        throw unsupported(source, i, "a hexadecimal, unsigned or malformed number");
      const isDouble = m[1] !== undefined || m[2] !== undefined;
      const value = Number(text);
      if (!isDouble && !Number.isSafeInteger(value))
        throw unsupported(source, i, "an integer literal past 2^53");
      tokens.push({ type: isDouble ? "double" : "int", value, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    if (c === '"') {
      const { value, end } = readString(source, i);
      tokens.push({ type: "string", value, start: i, end });
      i = end;
      continue;
    }
    if (c === "'") throw unsupported(source, i, "a single-quoted string");
    const p = PUNCTUATION.find((q) => source.startsWith(q, i));
    if (p === undefined) throw unsupported(source, i, `the character ${JSON.stringify(c)}`);
    tokens.push({ type: "punct", value: p, start: i, end: i + p.length });
    i += p.length;
  }
  tokens.push({ type: "end", value: "", start: source.length, end: source.length });
  return tokens;
}
