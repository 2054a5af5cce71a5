import { stringify, type ScalarTag, type Tags } from "yaml";

/**
 * Characters written escaped, in a double-quoted scalar: control characters other than the line
 * feed (YAML allows none raw but the tab, and a reader normalises a carriage return), DEL and C1
 * controls, which YAML does not allow raw; NEL, LS and PS, which a YAML 1.1 reader (the Go
 * engines') takes for line breaks; the BOM and non-characters; lone surrogates.
 */
const ESCAPED =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A line of only blanks in a multi-line string: a block scalar would need an indentation indicator, which `yaml` leaves out. */
const BLANK_LINE = /(?:^|\n)[ \t]+(?:\n|$)/;

/** A double-quoted YAML scalar: JSON's escapes (which YAML reads), plus `\uXXXX` for what JSON leaves raw. */
function jsonQuoted(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The core schema's tags, with strings that hold an {@link ESCAPED} character written double-quoted and escaped. */
function escapingStrings(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== "object" || tag.tag !== "tag:yaml.org,2002:str" || "collection" in tag || tag.format)
      return tag;
    const str = tag as ScalarTag;
    const plain = str.stringify!;
    return {
      ...str,
      stringify: (item, ctx, onComment, onChompKeep) => {
        const s = String(item.value);
        return ESCAPED.test(s) || (s.includes("\n") && BLANK_LINE.test(s))
          ? jsonQuoted(s)
          : plain(item, ctx, onComment, onChompKeep);
      },
    } satisfies ScalarTag;
  });
}

/**
 * One YAML document, deterministic: keys in the order the object has them, no line folding,
 * no anchors. Strings that a YAML 1.1 reader (the Go engines': `yes`, `on`, `0755`, `1:20`,
 * `2001-12-14`) would read as another type are quoted, and strings with control or line-break
 * characters are double-quoted with escapes, so every reader reads the same values.
 *
 * @param value - the document
 * @returns YAML text ending in a newline (empty for `undefined`)
 */
export function yamlText(value: unknown): string {
  if (value === undefined) return "";
  return stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    compat: "yaml-1.1",
    customTags: escapingStrings,
  });
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
