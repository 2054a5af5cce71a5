import { Composer, Lexer, LineCounter, Parser } from "yaml";
import type { Document } from "yaml";
import { YamlNestingGauge } from "./yaml-nesting.js";

/** The YAML documents of a piece of text, or where they nest too deep. */
export type ComposedYaml =
  | { readonly documents: Document.Parsed[]; readonly lines: LineCounter }
  | { readonly tooDeepAt: number; readonly lines: LineCounter };

/**
 * Parses YAML text into documents (syntax trees, not yet data), stopping as soon as the
 * nesting exceeds `maxDepth`. YAML 1.2 core schema whatever the `%YAML` directive says, so
 * that scalars are only strings, numbers, booleans and null. Duplicate keys are left to the
 * conversion to data, which finds them in linear time (the library's check is quadratic).
 *
 * @param source - one or more YAML documents
 * @param maxDepth - deepest nesting allowed
 * @returns the documents, or the offset where the nesting went too deep; with a line counter for offsets
 */
export function composeYaml(source: string, maxDepth: number): ComposedYaml {
  const lines = new LineCounter();
  lines.addNewLine(0); // Parser.parse() does this; Parser.next(), used here, does not
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ schema: "core", version: "1.2", uniqueKeys: false, logLevel: "error" });
  const gauge = new YamlNestingGauge(maxDepth);
  const documents: Document.Parsed[] = [];
  for (const lexeme of new Lexer().lex(source)) {
    const offset = gauge.offset;
    if (!gauge.push(lexeme)) return { tooDeepAt: offset, lines };
    for (const token of parser.next(lexeme)) documents.push(...composer.next(token));
  }
  for (const token of parser.end()) documents.push(...composer.next(token));
  documents.push(...composer.end());
  return { documents, lines };
}
