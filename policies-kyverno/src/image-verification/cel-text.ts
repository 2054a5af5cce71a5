/**
 * A CEL string literal. JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`) are all valid CEL escapes.
 *
 * @param value - the string
 * @returns the literal
 */
export function celString(value: string): string {
  return JSON.stringify(value);
}

/**
 * A CEL list of string literals.
 *
 * @param values - the strings
 * @returns the list literal
 */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(", ")}]`;
}
