import {
  ALL_CONTAINER_LISTS,
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
import type { ExampleObject } from "../examples.js";
import type { ContainerList, Json, ParamIR, RuleExamples } from "../ir.js";
import { podSpecPathOf } from "../kinds.js";

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

/** A copy of a pod-spec example under another name, with the image of every container of `lists` replaced. */
function withImages(
  object: ExampleObject,
  name: string,
  image: string,
  lists: readonly ContainerList[] = ALL_CONTAINER_LISTS,
): ExampleObject {
  const copy = JSON.parse(JSON.stringify(object)) as Record<string, Json>;
  const metadata = copy["metadata"];
  if (metadata && typeof metadata === "object" && !Array.isArray(metadata)) metadata["name"] = name;
  let spec: Json | undefined = copy;
  for (const step of podSpecPathOf(String(copy["kind"])) ?? []) {
    spec = spec && typeof spec === "object" && !Array.isArray(spec) ? spec[step] : undefined;
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec))
    throw new Error(`exemptImages examples: the denied example (a ${String(copy["kind"])}) has no pod spec`);
  for (const list of lists) {
    const containers = spec[list];
    if (Array.isArray(containers))
      for (const c of containers) if (c && typeof c === "object" && !Array.isArray(c)) c["image"] = image;
  }
  return copy;
}

/** The four examples for one denied example with the default parameters (see {@link withExemptImagesExamples}). */
function exemptImagesExamplesFor(
  base: ExampleObject,
  tag: string,
  suffix: string,
  lists?: readonly ContainerList[],
): RuleExamples {
  const violating = (name: string, image: string) => withImages(base, `${name}${suffix}`, image, lists);
  const params = {
    exemptImages: [
      "registry.aibos.internal/debug/*",
      "registry.aibos.internal/debug*tool",
      `registry.aibos.internal/debug:${tag}`,
    ],
  };
  const where =
    suffix === "" ? "" : ` (as in "${String((base["metadata"] as { name?: unknown } | undefined)?.name)}")`;
  return {
    denied: [
      {
        title: `an exempt prefix inside another image's name does not exempt it${where}`,
        object: violating("exempt-prefix-inside", `evil.io/registry.aibos.internal/debug/tool:${tag}`),
        params,
      },
      {
        title: `an entry with * inside, not at its end, exempts only that exact name${where}`,
        object: violating("exempt-star-inside", `registry.aibos.internal/debug*tools:${tag}`),
        params,
      },
    ],
    allowed: [
      {
        title: `an image under an exempt prefix${where}`,
        object: violating("exempt-prefix", `registry.aibos.internal/debug/tool:${tag}`),
        params,
      },
      {
        title: `an image named exactly by one of several entries${where}`,
        object: violating("exempt-exact", `registry.aibos.internal/debug:${tag}`),
        params,
      },
    ],
  };
}

/**
 * A rule's examples with four more that pin down what `exemptImages` means: a prefix entry
 * exempts the images under it, not an image that holds it further in; an entry with `*` inside
 * is an exact name; one matching entry among several is enough. Each is a copy of one of the
 * rule's denied examples (with the default parameters) with every container's image replaced,
 * so that example must be denied for its containers alone.
 *
 * All four share one `exemptImages`: a prefix entry, an entry with `*` inside (an exact name), and
 * an exact name, so a cluster test installs one more policy instance per rule, not four.
 *
 * A rule that tests exemption separately for each container list (one check per list) names a
 * denied example for each list in `from`, with the list whose images to replace (the others keep
 * theirs, so another list's check cannot deny in its place), and gets the four for each.
 *
 * @param examples - the rule's own examples
 * @param options - `from`: which of its denied examples with the default parameters to copy (the
 *   first by default; several give four each); `tag`: the tag of the images (`1` by default), for
 *   a rule that denies by tag
 * @returns the examples, with the four added
 */
export function withExemptImagesExamples(
  examples: RuleExamples,
  options: {
    readonly from?: number | readonly { readonly example: number; readonly list: ContainerList }[];
    readonly tag?: string;
  } = {},
): RuleExamples {
  const { from = 0, tag = "1" } = options;
  const bases = typeof from === "number" ? [{ example: from, list: undefined }] : from;
  const added = bases.map(({ example, list }) => {
    const base = examples.denied.filter((e) => e.params === undefined)[example];
    if (!base)
      throw new Error(`exemptImages examples: no denied example ${example} with the default parameters`);
    return list === undefined
      ? exemptImagesExamplesFor(base.object, tag, "")
      : exemptImagesExamplesFor(base.object, tag, `-${example}`, [list]);
  });
  return {
    denied: [...examples.denied, ...added.flatMap((a) => a.denied)],
    allowed: [...examples.allowed, ...added.flatMap((a) => a.allowed)],
  };
}
