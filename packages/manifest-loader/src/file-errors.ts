/** Node's error codes for file access, in words. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "does not exist",
  EACCES: "cannot be read: permission denied",
  EPERM: "cannot be read: operation not permitted",
  ELOOP: "cannot be read: too many levels of symbolic links",
  ENOTDIR: "does not exist: a part of the path is not a folder",
  ENAMETOOLONG: "cannot be read: the name is too long",
  EISDIR: "is a folder",
};

/**
 * Says why a file or folder could not be read.
 *
 * @param error - what `node:fs` threw
 * @returns a reason, with the error code
 */
export function describeFileError(error: unknown): string {
  const code =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
  const reason =
    (code && REASONS[code]) ?? `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  return code ? `${reason} (${code})` : reason;
}
