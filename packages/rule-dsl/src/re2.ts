import { RE2JS, RE2JSSyntaxException } from "re2js";

/**
 * A regular expression that is not RE2 syntax: the pattern, what is wrong, and where. RE2 (Go's
 * `regexp`) is what OPA, Gatekeeper, Kyverno and Kubernetes CEL evaluate, so it is what every
 * Tollgate engine evaluates too.
 */
export class RegexSyntaxError extends Error {
  /** The pattern. */
  readonly pattern: string;
  /** What RE2 says is wrong (`invalid escape sequence: \Z`). */
  readonly description: string;
  /** The offset in the pattern of the part RE2 refused, when it names one. */
  readonly position: number | undefined;

  constructor(pattern: string, description: string, position: number | undefined) {
    super(
      `invalid regular expression ${JSON.stringify(pattern)}: ${description}${position === undefined ? "" : ` (at offset ${position})`}`,
    );
    this.name = "RegexSyntaxError";
    this.pattern = pattern;
    this.description = description;
    this.position = position;
  }
}

const compiled = new Map<string, RE2JS | RegexSyntaxError>();

function compile(pattern: string): RE2JS | RegexSyntaxError {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      if (!(e instanceof RE2JSSyntaxException)) throw e;
      // RE2 names the offending part in backquotes: `\Z`.
      const description = e.getDescription();
      const part = /`([^`]*)`\s*$/.exec(e.message)?.[1];
      const at = part === undefined ? -1 : pattern.indexOf(part);
      re = new RegexSyntaxError(
        pattern,
        `${description}${part === undefined ? "" : `: ${part}`}`,
        at >= 0 ? at : undefined,
      );
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * Why a pattern is not RE2 syntax, or `undefined` when it is.
 *
 * @param pattern - the pattern
 * @returns the error, or `undefined`
 */
export function re2SyntaxError(pattern: string): RegexSyntaxError | undefined {
  const re = compile(pattern);
  return re instanceof RegexSyntaxError ? re : undefined;
}

/**
 * Whether a string holds a match of an RE2 pattern anywhere (Go's `regexp.MatchString`, OPA's
 * `regex.match`, CEL's `matches`), compiled once.
 *
 * @param pattern - the pattern
 * @param s - the string
 * @returns true on a match
 * @throws {@link RegexSyntaxError} when the pattern is not RE2 syntax
 */
export function re2Matches(pattern: string, s: string): boolean {
  const re = compile(pattern);
  if (re instanceof RegexSyntaxError) throw re;
  return re.test(s);
}
