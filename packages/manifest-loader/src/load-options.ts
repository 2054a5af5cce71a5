/** Largest document read by default: 3 MiB, the Kubernetes API server's limit on a request body. */
export const MAX_DOCUMENT_BYTES_DEFAULT = 3 * 1024 * 1024;

/** Deepest nesting of mappings and lists allowed by default. Kubernetes objects rarely go past 20. */
export const MAX_DEPTH_DEFAULT = 100;

/** Most YAML aliases (`*name`) allowed in one document by default. */
export const MAX_ALIASES_DEFAULT = 100;

/**
 * Most nodes the aliases of one document may copy, in total, by default. An alias to a
 * mapping of 10 values copies 11 nodes; this bounds "billion laughs" documents, whose few
 * aliases expand to billions of nodes.
 */
export const MAX_ALIASED_NODES_DEFAULT = 100_000;

/** Limits and inputs for {@link parseManifests} and {@link loadManifests}. */
export interface LoadOptions {
  /**
   * Largest document, in UTF-8 bytes, that is parsed; a larger one becomes an error without
   * being parsed. Default {@link MAX_DOCUMENT_BYTES_DEFAULT}. A `kind: List` counts as one document.
   */
  readonly maxDocumentBytes?: number;
  /** Deepest nesting of mappings and lists in a document. Default {@link MAX_DEPTH_DEFAULT}. */
  readonly maxDepth?: number;
  /** Most aliases (`*name`) in a document. Default {@link MAX_ALIASES_DEFAULT}. */
  readonly maxAliases?: number;
  /** Most nodes the aliases of a document may copy in total. Default {@link MAX_ALIASED_NODES_DEFAULT}. */
  readonly maxAliasedNodes?: number;
  /** The stream read for the path `-`. Default `process.stdin`. */
  readonly stdin?: NodeJS.ReadableStream;
}

/** The limits of {@link LoadOptions}, with the defaults filled in. */
export interface Limits {
  /** See {@link LoadOptions.maxDocumentBytes}. */
  readonly maxDocumentBytes: number;
  /** See {@link LoadOptions.maxDepth}. */
  readonly maxDepth: number;
  /** See {@link LoadOptions.maxAliases}. */
  readonly maxAliases: number;
  /** See {@link LoadOptions.maxAliasedNodes}. */
  readonly maxAliasedNodes: number;
}

/**
 * Fills in the default limits.
 *
 * @param options - the caller's options
 * @returns every limit
 */
export function resolveLimits(options: LoadOptions = {}): Limits {
  return {
    maxDocumentBytes: options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES_DEFAULT,
    maxDepth: options.maxDepth ?? MAX_DEPTH_DEFAULT,
    maxAliases: options.maxAliases ?? MAX_ALIASES_DEFAULT,
    maxAliasedNodes: options.maxAliasedNodes ?? MAX_ALIASED_NODES_DEFAULT,
  };
}
