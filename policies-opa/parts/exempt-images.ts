import { any, endsWith, eq, ifThen, itself, startsWith, trimSuffix, type Pred, type Val, type Value } from "@tollgate/rule-dsl";

/**
 * Whether an image is exempted by a Gatekeeper-style `exemptImages` list: an entry ending in
 * `*` exempts every image that starts with the rest of it, any other entry exempts that exact image.
 *
 * @param image - the container's image
 * @param exemptImages - the parameter
 * @returns a predicate
 */
export function isExemptImage(image: Val<string>, exemptImages: Value<string[]>): Pred {
  return any(exemptImages, (e) => ifThen(endsWith(itself(e), "*"), startsWith(image, trimSuffix(itself(e), "*")), eq(image, itself(e))));
}
