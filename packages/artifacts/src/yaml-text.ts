import yaml from "js-yaml";

/**
 * One YAML document, deterministic: keys in the order the object has them, no line folding,
 * no anchors.
 *
 * @param value - the document
 * @returns YAML text ending in a newline
 */
export function yamlText(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true });
}

/**
 * Several YAML documents separated by `---`.
 *
 * @param values - the documents
 * @returns YAML text
 */
export function yamlStream(values: readonly unknown[]): string {
  return values.map(yamlText).join("---\n");
}
