/** Why one rule could not be loaded: the file, and the rule when it is known. */
export interface RuleLoadError {
  /** The rule file (absolute path). */
  readonly file: string;
  /** The rule's id, or the folder's name when the rule did not load. */
  readonly rule: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The line, when known (1-based). */
  readonly line?: number;
  /** The column, when known (1-based). */
  readonly column?: number;
}

/**
 * One line for a terminal: `file:line:column: rule ID: message`.
 *
 * @param error - the error
 * @param relativeTo - a function giving the path to show for a file
 * @returns the line
 */
export function formatRuleLoadError(
  error: RuleLoadError,
  relativeTo: (file: string) => string = (f) => f,
): string {
  const place =
    error.line === undefined
      ? relativeTo(error.file)
      : `${relativeTo(error.file)}:${String(error.line)}:${String(error.column ?? 1)}`;
  return `${place}: rule ${error.rule}: ${error.message}`;
}
