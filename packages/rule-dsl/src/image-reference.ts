import type { ImagePart } from "./ir.js";

/**
 * Splits an image reference `registry/repository:tag@digest` as container runtimes do. The
 * registry is the first component when it has a `.` or `:`, an upper-case letter (a path component
 * never has one), or is `localhost`; the tag follows the first
 * `:` of the last component; an absent part is "".
 * The oracle uses this, and the Rego and CEL compilers emit the same steps.
 *
 * @param image - the reference
 * @param part - which part to return
 * @returns the part, or ""
 */
export function parseImagePart(image: string, part: ImagePart): string {
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : "";
  const lastSlash = name.lastIndexOf("/");
  const tagColon = name.indexOf(":", lastSlash + 1);
  const hasTag = tagColon >= 0;
  const tag = hasTag ? name.slice(tagColon + 1) : "";
  const repoWithRegistry = hasTag ? name.slice(0, tagColon) : name;
  const firstSlash = repoWithRegistry.indexOf("/");
  const first = firstSlash >= 0 ? repoWithRegistry.slice(0, firstSlash) : "";
  const hasRegistry =
    firstSlash >= 0 &&
    (first.includes(".") || first.includes(":") || first === "localhost" || /[A-Z]/.test(first));
  switch (part) {
    case "digest":
      return digest;
    case "tag":
      return tag;
    case "registry":
      return hasRegistry ? first : "";
    case "repository":
      return hasRegistry ? repoWithRegistry.slice(firstSlash + 1) : repoWithRegistry;
  }
}
