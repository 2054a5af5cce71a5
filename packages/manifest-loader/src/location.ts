import type { ManifestError, ManifestItem } from "./manifest-item.js";

/** Where an error is: the fields of {@link ManifestError} but the message. */
export type ErrorPlace = Omit<ManifestError, "type" | "message">;

/**
 * Formats where an item comes from: `file`, `file#3` (document 3, 0-based, as in `index`),
 * `file#3.items[2]` (item 2 of a list), followed by ` (line 41)` when the line is known.
 * Standard input (`-`) reads `<stdin>`.
 *
 * @param item - a document or an error
 * @returns the location, for messages
 */
export function describeLocation(item: ManifestItem | ErrorPlace): string {
  let text = item.file === "-" ? "<stdin>" : item.file;
  if (item.index !== undefined) text += `#${item.index}`;
  if (item.item !== undefined) text += `.items[${item.item}]`;
  if (item.line !== undefined) text += ` (line ${item.line})`;
  return text;
}

/**
 * Makes an error whose message starts with its location.
 *
 * @param place - file, and where known document index, item index and line
 * @param reason - what is wrong and what to do
 * @returns the error
 */
export function locatedError(place: ErrorPlace, reason: string): ManifestError {
  return { type: "error", ...place, message: `${describeLocation(place)}: ${reason}` };
}
