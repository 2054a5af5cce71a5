import { locatedError } from "./location.js";
import type { ManifestDocument, ManifestItem } from "./manifest-item.js";

/** Where a document's data comes from. */
export interface DocumentPlace {
  /** The path as given. */
  readonly file: string;
  /** 0-based document index. */
  readonly index: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
}

/**
 * Checks that a document's data is a Kubernetes object, or a list of them (`kind: List`,
 * `PodList`, …: a kind ending in `List` with an `items` array), whose items are yielded in its
 * place. The list itself needs no `apiVersion`; each item needs both `apiVersion` and `kind`,
 * and a bad item is an error for that item only.
 *
 * @param data - the document as plain data
 * @param place - where the document is
 * @param itemLine - the line of a list item, when known
 * @returns the objects and errors
 */
export function kubernetesObjects(
  data: unknown,
  place: DocumentPlace,
  itemLine: (item: number) => number | undefined,
): ManifestItem[] {
  if (
    isObject(data) &&
    typeof data["kind"] === "string" &&
    data["kind"].endsWith("List") &&
    Array.isArray(data["items"])
  ) {
    return data["items"].map((item: unknown, i) =>
      checkObject(item, { ...place, item: i, line: itemLine(i) ?? place.line }),
    );
  }
  return [checkObject(data, place)];
}

function checkObject(data: unknown, place: DocumentPlace & { readonly item?: number }): ManifestItem {
  const what = place.item === undefined ? "the document" : "the list item";
  if (!isObject(data)) {
    const hint = Array.isArray(data)
      ? ": to put several objects in one document, use `kind: List` with `items`, or separate documents with ---"
      : "";
    return locatedError(
      place,
      `${what} is ${describeValue(data)}, not a mapping: a Kubernetes object is a mapping with apiVersion and kind${hint}`,
    );
  }
  const missing = ["apiVersion", "kind"].filter((field) => !Object.hasOwn(data, field));
  if (missing.length === 2) {
    return locatedError(
      place,
      `no "apiVersion" and no "kind" field: every Kubernetes object needs both (a Helm values file or chart template? render it with \`helm template\` first)`,
    );
  }
  if (missing.length === 1) {
    return locatedError(place, `no "${missing[0]}" field: every Kubernetes object needs apiVersion and kind`);
  }
  for (const field of ["apiVersion", "kind"]) {
    const value = data[field];
    if (typeof value !== "string" || value === "") {
      return locatedError(place, `"${field}" is ${describeValue(value)}: it must be a non-empty string`);
    }
  }
  const document: ManifestDocument = {
    type: "document",
    file: place.file,
    index: place.index,
    line: place.line,
    object: data,
  };
  return place.item === undefined ? document : { ...document, item: place.item };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short description of a value, for messages: `a list`, `the number 42`, … */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return value === ""
      ? "an empty string"
      : `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "a mapping";
  return `the ${typeof value} ${String(value)}`;
}
