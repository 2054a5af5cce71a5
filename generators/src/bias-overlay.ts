import fc from "fast-check";
import type { BiasHint, BiasImagePart, BiasLiteral, BiasTarget, GeneratorBias } from "./bias.js";
import { repositoryArbitrary, tagArbitrary } from "./images.js";
import { cloneJson, deleteAt, getAt, isObject, setAt } from "./json-paths.js";
import { generatedKindInfo, isGeneratedKind, type GeneratedKind } from "./kinds.js";
import {
  NOT_QUANTITIES,
  nearMissNumbers,
  nearMissPrefixes,
  nearMissQuantities,
  nearMissStrings,
  nearMissSubstrings,
  nearMissSuffixes,
} from "./near-misses.js";
import { LABEL_VALUE_PATTERN } from "./names.js";
import { quantityArbitrary } from "./quantities.js";

/** What a biased arbitrary generates: a whole manifest of a kind, a pod spec, or a container. */
export type BiasRoot = { readonly kind: GeneratedKind } | "podSpec" | "container";

/** The share of objects the bias is applied to when the bias does not say. */
export const DEFAULT_BIAS_RATE = 0.8;

/** Fields the API requires: the overlay sets them but never removes them or sets them to null. */
const REQUIRED_FIELDS = new Set([
  "apiVersion",
  "kind",
  "name",
  "image",
  "containers",
  "containerPort",
  "port",
  "selector",
  "template",
  "roleRef",
  "verbs",
  "path",
  "cidr",
  "schedule",
  "jobTemplate",
]);

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** What the overlay does at one place a target names. */
type Action =
  | { readonly kind: "set"; readonly value: unknown }
  | { readonly kind: "delete" }
  | { readonly kind: "null" }
  | { readonly kind: "keep" };

/** What the overlay does for one target: nothing, the same action everywhere, or one action per place. */
interface TargetPlan {
  readonly mode: "skip" | "uniform" | "mixed";
  readonly actions: readonly Action[];
  /** Whether the target is changed in an object that starts from a seed (most are left as the seed has them). */
  readonly touchSeed: boolean;
}

/** The share of biased objects that start from one of the rule's example objects. */
export const SEED_RATE = 0.3;

/** How often a target is left alone, treated the same everywhere, or place by place (2 : 8 : 3). */
const PLAN_MODES: readonly TargetPlan["mode"][] = [
  "skip",
  "skip",
  ...Array<"uniform">(8).fill("uniform"),
  "mixed",
  "mixed",
  "mixed",
];

/** The number of distinct actions drawn per target in `mixed` mode. */
const ACTIONS_PER_TARGET = 6;

/** A place to act on: an object and a path from it (without `[]`). */
interface Slot {
  readonly owner: Record<string, unknown>;
  readonly path: readonly string[];
}

/** Maps whose values must be valid label values. */
const LABEL_MAPS = new Set(["labels", "matchLabels", "nodeSelector"]);

const PLAIN_TAILS = ["", "x", "app", "-1", "/a", ".b", "2"] as const;

function isImageField(target: BiasTarget): boolean {
  const named = target.path.filter((s) => s !== "[]");
  return named[named.length - 1] === "image" || target.hints.some((h) => h.imagePart !== undefined);
}

/** The candidate strings for one string hint, literal and near misses, as a field value. */
function stringHintArbitrary(hint: BiasHint & { value: string }, image: boolean): fc.Arbitrary<string> {
  const v = hint.value;
  const tail: fc.Arbitrary<string> = image
    ? fc
        .tuple(repositoryArbitrary(), fc.option(tagArbitrary(), { nil: "" }))
        .map(([r, t]) => (t ? `${r}:${t}` : r))
    : fc.constantFrom(...PLAIN_TAILS);
  const head: fc.Arbitrary<string> = image ? repositoryArbitrary() : fc.constantFrom(...PLAIN_TAILS);
  const exactOr = (misses: string[]) =>
    misses.length === 0
      ? fc.constant(v)
      : fc.oneof(
          { arbitrary: fc.constant(v), weight: 3 },
          { arbitrary: fc.constantFrom(...misses), weight: 2 },
        );
  switch (hint.relation) {
    case "prefix":
      return fc.tuple(exactOr(nearMissPrefixes(v)), tail).map(([p, t]) => p + t);
    case "suffix":
      // An image suffix such as `:latest` follows a repository; a bare tag gets its `:`.
      return fc
        .tuple(head, exactOr(nearMissSuffixes(v)))
        .map(([h, x]) => (image && !/^[:@/]/.test(x) ? `${h}:${x}` : h + x));
    case "substring":
      return fc.tuple(head, exactOr(nearMissSubstrings(v)), tail).map(([h, x, t]) => h + x + t);
    case "pattern":
      return patternArbitrary(v);
    case "quantity":
      return quantityHintArbitrary(v);
    default:
      return exactOr(nearMissStrings(v));
  }
}

/** Quantities around a literal (or any quantity), and strings that are not quantities. */
function quantityHintArbitrary(v: string): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.oneof(quantityArbitrary("cpu"), quantityArbitrary("memory")), weight: 3 },
    { arbitrary: fc.constantFrom(...NOT_QUANTITIES), weight: 1 },
  ];
  const misses = nearMissQuantities(v);
  if (v !== "") arbs.push({ arbitrary: fc.constant(v), weight: 2 });
  if (misses.length > 0) arbs.push({ arbitrary: fc.constantFrom(...misses), weight: 3 });
  return fc.oneof(...arbs);
}

/** Strings that match a rule's regular expression, and strings that (mostly) do not. */
function patternArbitrary(pattern: string): fc.Arbitrary<string> {
  const random = fc.oneof(fc.constantFrom("", "x", "latest", "A", "0"), fc.string({ maxLength: 12 }));
  try {
    return fc.oneof(
      { arbitrary: fc.stringMatching(new RegExp(pattern), { size: "xsmall" }), weight: 2 },
      { arbitrary: random, weight: 1 },
    );
  } catch {
    return random;
  }
}

/** Puts a generated image part into an otherwise ordinary image reference. */
function inImage(part: BiasImagePart, value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(value, repositoryArbitrary(), tagArbitrary()).map(([v, repo, tag]) => {
    switch (part) {
      case "registry":
        return `${v}/${repo}:${tag}`;
      case "repository":
        return `${v}:${tag}`;
      case "tag":
        return `${repo}:${v}`;
      case "digest":
        return `${repo}@${v}`;
    }
  });
}

/** The arbitrary of one hint's values. */
function hintArbitrary(hint: BiasHint, image: boolean): fc.Arbitrary<BiasLiteral> {
  const v = hint.value;
  if (typeof v === "boolean") return fc.boolean();
  if (typeof v === "number" && hint.relation === "quantity")
    return fc.oneof(fc.constant(v), quantityHintArbitrary(String(v)));
  if (typeof v === "number")
    return fc.oneof(
      { arbitrary: fc.constant(v), weight: 2 },
      { arbitrary: fc.constantFrom(...nearMissNumbers(v)), weight: 3 },
    );
  if (hint.imagePart) return inImage(hint.imagePart, stringHintArbitrary({ ...hint, value: v }, false));
  return stringHintArbitrary({ ...hint, value: v }, image);
}

/** The pools of the bias as a fallback for fields read without a literal test. */
function poolArbitrary(target: BiasTarget, bias: GeneratorBias): fc.Arbitrary<BiasLiteral> | undefined {
  const arbs: fc.Arbitrary<BiasLiteral>[] = [];
  if (target.types.includes("boolean")) arbs.push(fc.boolean());
  if (target.types.includes("number")) {
    const numbers = [...new Set([...bias.numbers, ...bias.numbers.flatMap(nearMissNumbers), 0, 1, 1000])];
    arbs.push(fc.constantFrom(...numbers));
  }
  if (target.types.includes("string")) {
    let strings = [...new Set([...bias.strings, ...bias.strings.flatMap(nearMissStrings), "x"])];
    // A label's value stays a valid label value.
    if (LABEL_MAPS.has(target.path[target.path.length - 2] ?? ""))
      strings = strings.filter((v) => LABEL_VALUE_PATTERN.test(v));
    arbs.push(fc.constantFrom(...strings));
  }
  return arbs.length > 0 ? fc.oneof(...arbs) : undefined;
}

/** The values the overlay may set at a target, or undefined when nothing typed is known. */
function valueArbitrary(target: BiasTarget, bias: GeneratorBias): fc.Arbitrary<unknown> | undefined {
  const image = isImageField(target);
  const element: fc.Arbitrary<BiasLiteral> | undefined =
    target.hints.length > 0
      ? fc.oneof(...target.hints.map((h) => hintArbitrary(h, image)))
      : poolArbitrary(target, bias);
  if (target.path[target.path.length - 1] === "[]") {
    // A list of scalars: often a single candidate (`[ALL]`), otherwise a few.
    return element
      ? fc.oneof(
          element.map((e) => [e]),
          fc.array(element, { minLength: 2, maxLength: 3 }),
        )
      : undefined;
  }
  return element;
}

function actionArbitrary(target: BiasTarget, bias: GeneratorBias): fc.Arbitrary<Action> {
  const named = target.path.filter((s) => s !== "[]");
  const required =
    REQUIRED_FIELDS.has(named[named.length - 1] ?? "") && target.path[target.path.length - 1] !== "[]";
  const value = valueArbitrary(target, bias);
  // Without a literal test, the generated value is usually the better one to keep.
  const informed = target.hints.length > 0;
  const choices: fc.WeightedArbitrary<Action>[] = [
    { arbitrary: fc.constant<Action>({ kind: "keep" }), weight: informed ? 2 : 4 },
  ];
  if (value)
    choices.push({
      arbitrary: value.map((v): Action => ({ kind: "set", value: v })),
      weight: informed ? 6 : 2,
    });
  if (!required) {
    choices.push({ arbitrary: fc.constant<Action>({ kind: "delete" }), weight: 2 });
    choices.push({ arbitrary: fc.constant<Action>({ kind: "null" }), weight: 1 });
  }
  const listLike = target.path[target.path.length - 1] === "[]" || target.types.includes("list");
  if (listLike)
    choices.push({ arbitrary: fc.constant(null).map((): Action => ({ kind: "set", value: [] })), weight: 1 });
  if (target.types.includes("object"))
    choices.push({ arbitrary: fc.constant(null).map((): Action => ({ kind: "set", value: {} })), weight: 1 });
  return fc.oneof(...choices);
}

function planArbitrary(target: BiasTarget, bias: GeneratorBias): fc.Arbitrary<TargetPlan> {
  return fc
    .tuple(
      fc.constantFrom(...PLAN_MODES),
      fc.array(actionArbitrary(target, bias), {
        minLength: ACTIONS_PER_TARGET,
        maxLength: ACTIONS_PER_TARGET,
      }),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([mode, actions, touch]) => ({ mode, actions, touchSeed: touch === 0 }));
}

function podSpecPathOf(root: BiasRoot): readonly string[] | undefined {
  if (root === "podSpec") return [];
  if (root === "container") return undefined;
  return generatedKindInfo(root.kind).podSpecPath;
}

/** Fields the arbitrary fixes: a rule may compare them, but changing them changes the kind. */
const TYPE_META = new Set(["apiVersion", "kind"]);

function applies(target: BiasTarget, root: BiasRoot): boolean {
  if (target.scope === "object" && target.path.length === 1 && TYPE_META.has(target.path[0] ?? ""))
    return false;
  if (root === "container") return target.scope === "container";
  if (root === "podSpec") return target.scope !== "object";
  return target.scope === "object" || podSpecPathOf(root) !== undefined;
}

/** The objects a target's scope starts from. */
function bases(
  value: Record<string, unknown>,
  root: BiasRoot,
  target: BiasTarget,
): Record<string, unknown>[] {
  if (root === "container") return [value];
  if (target.scope === "object") return [value];
  const specPath = podSpecPathOf(root);
  const spec = specPath === undefined ? undefined : specPath.length === 0 ? value : getAt(value, specPath);
  if (!isObject(spec)) return [];
  if (target.scope === "podSpec") return [spec];
  return CONTAINER_LISTS.flatMap((list) => {
    const items = spec[list];
    return Array.isArray(items) ? items.filter(isObject) : [];
  });
}

/** The places a path names from a base, expanding `[]` over the elements of lists. */
function slots(base: Record<string, unknown>, path: readonly string[]): Slot[] {
  const i = path.indexOf("[]");
  if (i < 0) return path.length > 0 ? [{ owner: base, path }] : [];
  const prefix = path.slice(0, i);
  const rest = path.slice(i + 1);
  if (prefix.length === 0) return [];
  // A list of scalars is set as a whole.
  if (rest.length === 0) return [{ owner: base, path: prefix }];
  const items = getAt(base, prefix);
  return Array.isArray(items) ? items.filter(isObject).flatMap((item) => slots(item, rest)) : [];
}

function act(slot: Slot, action: Action): void {
  switch (action.kind) {
    case "set":
      setAt(slot.owner, slot.path, cloneJson(action.value));
      return;
    case "null":
      setAt(slot.owner, slot.path, null);
      return;
    case "delete":
      deleteAt(slot.owner, slot.path);
      return;
    case "keep":
      return;
  }
}

/**
 * Applies a rule's bias to generated objects: for most objects (the bias's `rate`), each field
 * the rule reads is set to one of the rule's literals or a near miss, removed, set to `null`,
 * emptied or kept. Per field, the same choice is made at every place (every container, say) or a
 * choice per place, so that rules over all containers meet both all-pass and mixed objects.
 *
 * @param arbitrary - the unbiased arbitrary
 * @param root - what it generates
 * @param bias - the bias, or undefined for none
 * @returns the biased arbitrary (the same arbitrary when there is nothing to bias)
 */
export function withBias<T>(
  arbitrary: fc.Arbitrary<T>,
  root: BiasRoot,
  bias: GeneratorBias | undefined,
): fc.Arbitrary<T> {
  if (!bias) return arbitrary;
  const targets = bias.targets.filter((t) => applies(t, root));
  const seeds = root === "container" ? [] : bias.seeds;
  if (targets.length === 0 && seeds.length === 0) return arbitrary;
  const threshold = Math.round((bias.rate ?? DEFAULT_BIAS_RATE) * 1000);
  const seedThreshold = Math.round(SEED_RATE * 1000);
  const plans = fc.tuple(...targets.map((t) => planArbitrary(t, bias)));
  const seedPick = fc.tuple(fc.integer({ min: 0, max: 999 }), fc.nat());
  return fc
    .tuple(arbitrary, fc.integer({ min: 0, max: 999 }), seedPick, plans)
    .map(([value, roll, [seedRoll, seedIndex], targetPlans]) => {
      if (roll >= threshold || !isObject(value)) return value;
      let out = cloneJson(value) as Record<string, unknown>;
      const seed = seeds.length > 0 && seedRoll < seedThreshold ? seeds[seedIndex % seeds.length] : undefined;
      if (seed) out = seeded(out, seed, root);
      targets.forEach((target, t) => {
        const plan = targetPlans[t];
        if (!plan || plan.mode === "skip" || (seed && !plan.touchSeed)) return;
        const places = bases(out, root, target).flatMap((base) => slots(base, target.path));
        places.forEach((slot, i) => {
          const action = plan.mode === "uniform" ? plan.actions[0] : plan.actions[i % plan.actions.length];
          if (action) act(slot, action);
        });
      });
      return out as T;
    });
}

/** Restart policies the kind requires and a seed's pod spec may lack. */
const RUN_TO_COMPLETION = new Set(["OnFailure", "Never"]);

/**
 * A generated object that takes over a seed: the whole seed when it is of the same kind (or
 * the root is a pod spec); otherwise the seed's pod spec in place of the generated one and the
 * seed's labels and annotations. The generated restart policy stays when the kind needs it.
 *
 * @param generated - the generated object (a copy, changed in place)
 * @param seed - the example object
 * @param root - what is generated
 * @returns the seeded object
 */
function seeded(
  generated: Record<string, unknown>,
  seed: Readonly<Record<string, unknown>>,
  root: BiasRoot,
): Record<string, unknown> {
  const seedKind = typeof seed["kind"] === "string" ? seed["kind"] : "";
  const seedSpecPath = isGeneratedKind(seedKind) ? generatedKindInfo(seedKind).podSpecPath : undefined;
  const seedSpec = seedSpecPath ? getAt(seed, seedSpecPath) : undefined;
  if (root === "podSpec")
    return isObject(seedSpec) ? keepRestartPolicy(cloneJson(seedSpec), generated) : generated;
  if (root === "container") return generated;
  if (seedKind === root.kind) return cloneJson(seed) as Record<string, unknown>;
  const specPath = generatedKindInfo(root.kind).podSpecPath;
  if (specPath && isObject(seedSpec)) {
    const spec = getAt(generated, specPath);
    setAt(generated, specPath, keepRestartPolicy(cloneJson(seedSpec), isObject(spec) ? spec : {}));
  }
  for (const field of ["labels", "annotations"]) {
    const value = getAt(seed, ["metadata", field]);
    if (value !== undefined) setAt(generated, ["metadata", field], cloneJson(value));
  }
  return generated;
}

function keepRestartPolicy(
  spec: Record<string, unknown>,
  generated: Record<string, unknown>,
): Record<string, unknown> {
  const policy = generated["restartPolicy"];
  if (typeof policy === "string" && RUN_TO_COMPLETION.has(policy)) spec["restartPolicy"] = policy;
  return spec;
}
