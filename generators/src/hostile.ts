import fc from "fast-check";
import {
  deepNestingArbitrary,
  hostileNumberArbitrary,
  hugeArrayArbitrary,
  hugeStringArbitrary,
  prototypeKeysArbitrary,
  strangeStringArbitrary,
  wrongTypeValues,
} from "./hostile-values.js";
import { cloneJson, defineOwn, isObject } from "./json-paths.js";
import { generatedKindInfo, type GeneratedKind } from "./kinds.js";
import type { GeneratorOptions } from "./options.js";
import { validManifestArbitrary } from "./valid-manifests.js";

/** A step into a JSON value: a key of an object or an index of a list. */
type Step = string | number;

/** The kinds of damage done to a valid manifest. */
export type HostileMutation =
  | "wrongType"
  | "knownFieldWrongType"
  | "hugeString"
  | "strangeString"
  | "hostileNumber"
  | "deepNesting"
  | "prototypeKeys"
  | "missingTypeMeta"
  | "hugeArray"
  | "nullElements";

/** Every {@link HostileMutation}. */
export const HOSTILE_MUTATIONS: readonly HostileMutation[] = [
  "wrongType",
  "knownFieldWrongType",
  "hugeString",
  "strangeString",
  "hostileNumber",
  "deepNesting",
  "prototypeKeys",
  "missingTypeMeta",
  "hugeArray",
  "nullElements",
];

/** Fields of a pod spec policies read, with a well-typed example (for the type to get wrong). */
const POD_SPEC_FIELDS: readonly (readonly [readonly string[], unknown])[] = [
  [["hostNetwork"], true],
  [["hostPID"], true],
  [["hostIPC"], true],
  [["containers"], []],
  [["initContainers"], []],
  [["volumes"], []],
  [["securityContext"], {}],
  [["securityContext", "runAsNonRoot"], true],
  [["securityContext", "runAsUser"], 1000],
  [["automountServiceAccountToken"], false],
  [["nodeSelector"], {}],
];

/** Fields of the object itself, with a well-typed example. */
const OBJECT_FIELDS: readonly (readonly [readonly string[], unknown])[] = [
  [["metadata"], {}],
  [["metadata", "name"], "x"],
  [["metadata", "labels"], {}],
  [["metadata", "annotations"], {}],
  [["spec"], {}],
  [["spec", "replicas"], 1],
];

/** String fields the API validates. */
const VALIDATED_STRINGS = new Set([
  "name",
  "namespace",
  "image",
  "apiVersion",
  "kind",
  "imagePullPolicy",
  "restartPolicy",
  "protocol",
  "type",
  "schedule",
]);

/** All places in a value (up to a bound), as step lists, with the value found there. */
function places(root: unknown, limit = 400): { path: Step[]; value: unknown }[] {
  const out: { path: Step[]; value: unknown }[] = [];
  const queue: { path: Step[]; value: unknown }[] = [{ path: [], value: root }];
  while (queue.length > 0 && out.length < limit) {
    const next = queue.shift() as { path: Step[]; value: unknown };
    out.push(next);
    if (Array.isArray(next.value))
      next.value.forEach((v, i) => queue.push({ path: [...next.path, i], value: v }));
    else if (isObject(next.value))
      for (const k of Object.keys(next.value)) queue.push({ path: [...next.path, k], value: next.value[k] });
  }
  return out;
}

/** Replaces the value at a path (of object keys and list indexes) that exists; the root cannot be replaced. */
function replaceAt(root: Record<string, unknown>, path: readonly Step[], value: unknown): void {
  if (path.length === 0) return;
  let cur: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (Array.isArray(cur) && typeof step === "number") cur = cur[step];
    else if (isObject(cur) && typeof step === "string") cur = cur[step];
    else return;
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur) && typeof last === "number") cur[last] = value;
  else if (isObject(cur) && typeof last === "string") defineOwn(cur, last, value);
}

/** Sets a value at a path of object keys, creating objects on the way. */
function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined;
    if (isObject(next)) cur = next;
    else {
      const created: Record<string, unknown> = {};
      defineOwn(cur, key, created);
      cur = created;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) defineOwn(cur, last, value);
}

/** One mutation with the random choices it needs. */
interface MutationPlan {
  readonly mutation: HostileMutation;
  /** Picks the place. */
  readonly pick: number;
  /** The payload, generated up front so that generation stays deterministic. */
  readonly payload: unknown;
}

function payloadArbitrary(mutation: HostileMutation): fc.Arbitrary<unknown> {
  switch (mutation) {
    case "hugeString":
      return hugeStringArbitrary();
    case "strangeString":
      return strangeStringArbitrary();
    case "hostileNumber":
      return hostileNumberArbitrary();
    case "deepNesting":
      return deepNestingArbitrary();
    case "prototypeKeys":
      return prototypeKeysArbitrary();
    case "hugeArray":
      return hugeArrayArbitrary();
    case "missingTypeMeta":
      return fc.constantFrom(
        "noKind",
        "noApiVersion",
        "neither",
        "emptyKind",
        "lowercaseKind",
        "wrongApiVersion",
      );
    default:
      // The wrong-typed value depends on the place; pick one of several per type later.
      return fc.nat({ max: 5 });
  }
}

function mutationPlanArbitrary(): fc.Arbitrary<MutationPlan> {
  return fc.oneof(
    ...HOSTILE_MUTATIONS.map((mutation) =>
      fc
        .tuple(fc.nat(), payloadArbitrary(mutation))
        .map(([pick, payload]): MutationPlan => ({ mutation, pick, payload })),
    ),
  );
}

/** The n-th ill-typed value for a place. */
function wrongTypeValue(current: unknown, n: number): unknown {
  const values = wrongTypeValues(current);
  return values[n % values.length];
}

function mutate(
  out: Record<string, unknown>,
  plan: MutationPlan,
  podSpecPath: readonly string[] | undefined,
): void {
  const all = places(out);
  const pickFrom = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[plan.pick % items.length];
  const payload = cloneJson(plan.payload);
  switch (plan.mutation) {
    case "wrongType": {
      const place = pickFrom(all.filter((p) => p.path.length > 0));
      if (place) replaceAt(out, place.path, wrongTypeValue(place.value, plan.pick));
      return;
    }
    case "knownFieldWrongType": {
      const known = [
        ...OBJECT_FIELDS,
        ...(podSpecPath ? POD_SPEC_FIELDS.map(([p, v]) => [[...podSpecPath, ...p], v] as const) : []),
      ];
      const field = pickFrom(known);
      if (field) setPath(out, field[0], wrongTypeValue(field[1], plan.pick));
      return;
    }
    case "hugeString":
    case "strangeString": {
      // Mostly a string the API validates (a name, a label, an image), else any string.
      const strings = all.filter((p) => typeof p.value === "string");
      const validated = strings.filter(
        (p) => VALIDATED_STRINGS.has(String(p.path[p.path.length - 1])) || p.path.includes("labels"),
      );
      const place = pickFrom(plan.pick % 4 === 0 || validated.length === 0 ? strings : validated);
      if (place) replaceAt(out, place.path, payload);
      else setPath(out, ["metadata", "name"], payload);
      return;
    }
    case "hostileNumber": {
      const place = pickFrom(all.filter((p) => typeof p.value === "number"));
      if (place) replaceAt(out, place.path, payload);
      else setPath(out, ["spec", "replicas"], payload);
      return;
    }
    case "deepNesting":
    case "hugeArray": {
      const place = pickFrom(
        all.filter((p) => p.path.length > 0 && (Array.isArray(p.value) || isObject(p.value))),
      );
      if (place) replaceAt(out, place.path, payload);
      else setPath(out, ["spec", "x"], payload);
      return;
    }
    case "prototypeKeys": {
      // Own `__proto__`/`constructor` keys merged into the labels (where keys and values are
      // validated), or into any object of the manifest.
      let into: unknown = pickFrom(all.filter((p) => isObject(p.value)))?.value;
      if (plan.pick % 2 === 0 || !isObject(into)) {
        const metadata = isObject(out["metadata"]) ? out["metadata"] : {};
        if (!isObject(metadata["labels"])) defineOwn(metadata, "labels", {});
        defineOwn(out, "metadata", metadata);
        into = metadata["labels"];
      }
      if (isObject(payload) && isObject(into))
        for (const k of Object.keys(payload)) defineOwn(into, k, payload[k]);
      return;
    }
    case "nullElements": {
      const place = pickFrom(all.filter((p) => Array.isArray(p.value)));
      if (place && Array.isArray(place.value))
        replaceAt(out, place.path, [null, ...place.value.map(cloneJson), null]);
      else setPath(out, ["spec", "containers"], [null]);
      return;
    }
    case "missingTypeMeta":
      switch (payload) {
        case "noKind":
          delete out["kind"];
          return;
        case "noApiVersion":
          delete out["apiVersion"];
          return;
        case "neither":
          delete out["kind"];
          delete out["apiVersion"];
          return;
        case "emptyKind":
          out["kind"] = "";
          return;
        case "lowercaseKind":
          out["kind"] = String(out["kind"]).toLowerCase();
          return;
        default:
          out["apiVersion"] = "v2";
          return;
      }
  }
}

/**
 * Manifests of a kind that the API server would reject: a valid manifest with one to three
 * mutations: a wrong type at a known or a random path (a string where a boolean belongs, an
 * object where a list belongs, a number as a string), a string of up to 100 KB, strange
 * characters (emoji, RTL overrides, NUL, lone surrogates), an out-of-range or fractional number,
 * nesting up to 200 deep, own `__proto__`/`constructor`/`prototype` keys (as `JSON.parse` makes
 * them; never a changed prototype), a missing or wrong `kind`/`apiVersion`, a list of thousands of
 * elements, or `null` list elements.
 *
 * The objects stay JSON: `JSON.stringify` writes them, with no `undefined`, `NaN` or `Infinity`.
 *
 * @param kind - the kind to start from
 * @param options - the rule bias applied to the valid manifest first
 * @returns an arbitrary of hostile manifests
 */
export function hostileManifestArbitrary(
  kind: GeneratedKind,
  options: GeneratorOptions = {},
): fc.Arbitrary<Record<string, unknown>> {
  const podSpecPath = generatedKindInfo(kind).podSpecPath;
  return fc
    .tuple(
      validManifestArbitrary(kind, options),
      fc.array(mutationPlanArbitrary(), { minLength: 1, maxLength: 3 }),
    )
    .map(([valid, plans]) => {
      const out = cloneJson(valid);
      for (const plan of plans) mutate(out, plan, podSpecPath);
      return out;
    });
}
