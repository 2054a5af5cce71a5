import type { Limits } from "./load-options.js";

/** A document read as JSON: its data, and the offset in the document where it starts. */
export interface JsonDocument {
  readonly data: unknown;
  readonly offset: number;
}

/** JSON's whitespace. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * How many object keys the JSON text holds: every string followed by `:`. With the keys of the
 * parsed value, this tells whether `JSON.parse` dropped a duplicate key (it keeps the last one).
 */
function keysInText(text: string, from: number): number {
  let keys = 0;
  for (let i = from; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22) continue;
    // A string: to its closing quote, past escaped characters.
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x22) break;
    }
    let j = i + 1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 0x3a) keys++;
  }
  return keys;
}

/**
 * The keys of a parsed value, or undefined when the value is one the YAML path would refuse or
 * report on: nested deeper than the limit, or a number JSON.parse made infinite (`1e999`).
 */
function keysInValue(value: unknown, maxDepth: number): number | undefined {
  let keys = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v === "number" && !Number.isFinite(v)) return undefined;
    if (typeof v !== "object" || v === null) continue;
    if (depth + 1 > maxDepth) return undefined;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    if (!Array.isArray(v)) keys += children.length;
    for (const child of children)
      if (typeof child === "object" || typeof child === "number") stack.push([child, depth + 1]);
  }
  return keys;
}

/**
 * Reads a document written as one JSON object (as `kubectl get -o json` and many generators
 * write them) with `JSON.parse`, which is many times faster than composing YAML. JSON is YAML
 * 1.2, so the data are the same as the YAML path's; the Kubernetes clients also read such a
 * document as JSON. Anything this path is not sure of is left to the YAML path, which then
 * reads it and names any problem: text that is not plain JSON (comments, YAML flow syntax,
 * a syntax error), a duplicate key (JSON.parse would keep the last), nesting over the limit, a
 * number too large to be finite, and `List` documents (whose items' lines the YAML path knows).
 *
 * @param source - the document's text
 * @param limits - the loader's limits
 * @returns the data and where the object starts, or undefined to use the YAML path
 */
export function parseJsonDocument(source: string, limits: Limits): JsonDocument | undefined {
  let start = 0;
  while (start < source.length && isSpace(source.charCodeAt(start))) start++;
  // The document's `---` marker, if it has one (the object may follow on the same line).
  if (source.startsWith("---", start) && isSpace(source.charCodeAt(start + 3))) {
    start += 3;
    while (start < source.length && isSpace(source.charCodeAt(start))) start++;
  }
  if (source.charCodeAt(start) !== 0x7b) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(source.slice(start));
  } catch {
    return undefined;
  }
  const record = data as Record<string, unknown>;
  if (typeof record["kind"] === "string" && record["kind"].endsWith("List")) return undefined;
  const keys = keysInValue(data, limits.maxDepth);
  if (keys === undefined || keys !== keysInText(source, start)) return undefined;
  return { data, offset: start };
}
