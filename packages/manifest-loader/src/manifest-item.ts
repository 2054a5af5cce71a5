/** One Kubernetes object read from a manifest. */
export interface ManifestDocument {
  /** Tells a document from an error. */
  readonly type: "document";
  /** The path as the caller gave it (a file found in a folder: the folder's path as given, a path separator, the path inside); `-` for stdin. */
  readonly file: string;
  /** 0-based index of the YAML document in the file, counting every document, the empty ones too. */
  readonly index: number;
  /** When the document is a list (`kind: List`, `PodList`, … with `items`): the 0-based index of this item. */
  readonly item?: number;
  /** 1-based line where the object starts. */
  readonly line: number;
  /** The object as plain JSON data: own enumerable properties, arrays, strings, finite numbers, booleans and `null`. */
  readonly object: Record<string, unknown>;
}

/** A file, document or list item that could not be used. */
export interface ManifestError {
  /** Tells an error from a document. */
  readonly type: "error";
  /** The path as the caller gave it; `-` for stdin. */
  readonly file: string;
  /** 0-based index of the document in the file; absent when the error concerns the whole file. */
  readonly index?: number;
  /** 0-based index of the list item, when the error concerns one item of a list. */
  readonly item?: number;
  /** 1-based line of the problem, when known. */
  readonly line?: number;
  /** What is wrong and what to do, starting with the location (see {@link describeLocation}). */
  readonly message: string;
}

/** What reading manifests yields: an object, or an error about a file, document or list item. */
export type ManifestItem = ManifestDocument | ManifestError;
