/**
 * Colours text with an ANSI SGR code (`"31"` red, `"32"` green, `"33"` yellow, `"35"` magenta,
 * `"36"` cyan, `"1"` bold, `"2"` dim), reset after the text.
 */
export type Paint = (code: string, text: string) => string;

/**
 * The one colour helper of Tollgate's reports for people: the gate board here, the table of
 * `tollgate eval` and the report of `tollgate regress`. It lives here rather than in the CLI
 * because the CLI depends on this package and not the other way round; the CLI imports it as
 * `@tollgate/release/ansi`, so that rendering a report (in a worker thread too) does not load
 * the rest of the release.
 *
 * @param color - whether to colour at all (the callers colour a terminal, unless `NO_COLOR` is set)
 * @returns the painter: text unchanged when `color` is not set
 */
export function ansiPainter(color: boolean | undefined): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}
