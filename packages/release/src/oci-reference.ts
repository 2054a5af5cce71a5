/** An OCI reference split into its parts: `host[:port]/repository[:tag][@digest]`. */
export interface OciReference {
  /** The registry host with its port, as written (`127.0.0.1:5000`, `ghcr.io`). */
  readonly registry: string;
  /** The repository path inside the registry (`tollgate/policies`). */
  readonly repository: string;
  /** The tag, when the reference has one. */
  readonly tag?: string;
  /** The manifest digest (`sha256:<hex>`), when the reference has one. */
  readonly digest?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * Parses an OCI reference that names its registry (`127.0.0.1:5000/tollgate/policies:0.1.0`,
 * `ghcr.io/org/policies@sha256:…`). A reference without a registry host (`library/nginx`) is
 * refused: Tollgate never guesses a default registry.
 *
 * @param ref - the reference
 * @returns its parts
 * @throws when it is not a reference with a registry, a repository and a tag or digest
 */
export function parseOciReference(ref: string): OciReference {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = rest.indexOf("/");
  if (slash <= 0)
    throw new Error(`${ref}: not an OCI reference with a registry (expected host[:port]/repository:tag)`);
  const registry = rest.slice(0, slash);
  if (!(registry.includes(".") || registry.includes(":") || registry === "localhost")) {
    throw new Error(
      `${ref}: the first part (${registry}) is not a registry host; write the registry explicitly (for example ghcr.io/org/repo:tag)`,
    );
  }
  const path = rest.slice(slash + 1);
  const colon = path.lastIndexOf(":");
  const repository = colon >= 0 ? path.slice(0, colon) : path;
  const tag = colon >= 0 ? path.slice(colon + 1) : undefined;
  if (!REPOSITORY.test(repository))
    throw new Error(
      `${ref}: invalid repository name "${repository}" (lower case, digits, separators . _ - /)`,
    );
  if (tag !== undefined && !TAG.test(tag)) throw new Error(`${ref}: invalid tag "${tag}"`);
  if (digest !== undefined && !DIGEST.test(digest))
    throw new Error(`${ref}: invalid digest "${digest}" (expected sha256:<64 hex>)`);
  if (tag === undefined && digest === undefined)
    throw new Error(`${ref}: give a tag or a digest (repository:tag or repository@sha256:…)`);
  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Whether a string looks like an OCI reference rather than a path on disk: it names a registry
 * host (with a dot or a port, or `localhost`) and a repository with a tag or digest.
 *
 * @param text - a command-line argument
 * @returns true for `host[:port]/repo:tag` and `host/repo@sha256:…`
 */
export function looksLikeOciReference(text: string): boolean {
  try {
    parseOciReference(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The repository part of a reference, with its registry (`127.0.0.1:5000/tollgate/policies`).
 *
 * @param ref - the parsed reference
 * @returns `registry/repository`
 */
export function repositoryOf(ref: OciReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * A reference to a tag of the same repository.
 *
 * @param ref - the parsed reference
 * @param tag - the tag
 * @returns `registry/repository:tag`
 */
export function withTag(ref: OciReference, tag: string): string {
  return `${repositoryOf(ref)}:${tag}`;
}

/**
 * A reference to a manifest by digest in the same repository: what cosign signs and verifies,
 * so that a tag moved later cannot change what was checked.
 *
 * @param ref - the parsed reference
 * @param digest - `sha256:<hex>`
 * @returns `registry/repository@digest`
 */
export function withDigest(ref: OciReference, digest: string): string {
  return `${repositoryOf(ref)}@${digest}`;
}

/**
 * Whether the registry is on the loopback interface (127.0.0.0/8, `localhost`, `[::1]`): only
 * these are spoken to over plain HTTP (`oras --plain-http`, `cosign --allow-http-registry`);
 * every other registry must use TLS.
 *
 * @param registry - the registry host with its port
 * @returns true for a loopback registry
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith("[")
    ? registry.slice(0, registry.indexOf("]") + 1)
    : registry.replace(/:\d+$/, "");
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
