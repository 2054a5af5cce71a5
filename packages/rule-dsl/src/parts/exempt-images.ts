import {
  any,
  endsWith,
  eq,
  ifThen,
  itself,
  param,
  startsWith,
  trimSuffix,
  type Pred,
  type Val,
  type Value,
} from "../dsl.js";
import type { ParamIR } from "../ir.js";

/** The description of the `exemptImages` parameter, the same in every rule that takes it. */
export const EXEMPT_IMAGES_DESCRIPTION =
  "Any container that uses an image that matches an entry in this list is excluded from enforcement. An entry ending in `*` exempts every image starting with the rest of it; use fully qualified image names.";

/**
 * The `exemptImages` parameter of gatekeeper-library's templates: a list of images whose
 * containers a rule skips, empty by default. Declare it under that name and test containers with
 * {@link isExemptImage}.
 *
 * @example
 * ```ts
 * params: { exemptImages: exemptImagesParam() },
 * violations: ({ params }) => forEachContainer((c) => violation({
 *   when: and(eq(read(c.securityContext.privileged, false), true), not(isExemptImage(read(c.image, ""), params.exemptImages))),
 *   …
 * })),
 * ```
 * @returns the parameter declaration
 */
export function exemptImagesParam(): ParamIR & { __t?: string[] } {
  return param.stringList(EXEMPT_IMAGES_DESCRIPTION, []);
}

/**
 * Whether an image is exempted by an `exemptImages` list (see {@link exemptImagesParam}): an
 * entry ending in `*` exempts every image that starts with the rest of it, any other entry
 * exempts that exact image.
 *
 * @param image - the container's image
 * @param exemptImages - the parameter
 * @returns a predicate
 */
export function isExemptImage(image: Val<string>, exemptImages: Value<string[]>): Pred {
  return any(exemptImages, (e) =>
    ifThen(endsWith(itself(e), "*"), startsWith(image, trimSuffix(itself(e), "*")), eq(image, itself(e))),
  );
}
