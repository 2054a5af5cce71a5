import type { ResourceRef } from "../eval/eval-result.js";
import { stableFileId } from "../eval/shard.js";

/**
 * A resource's stable identity in a regression baseline: where it is (file relative to the
 * root, document index, list item) and what it is (apiVersion, kind, namespace, name). A
 * renamed or moved object is a new resource, and the old one is gone.
 */
export interface ResourceKey {
  /** The file relative to the root, `/`-separated (`../shared/anchors/…/resource.yaml`), `-` for stdin, or `generated:SEED/Kind`. */
  readonly file: string;
  /** 0-based document index in the file. */
  readonly document: number;
  /** 0-based item index when the document is a List. */
  readonly item?: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** Empty for a cluster-scoped object. */
  readonly namespace: string;
  readonly name: string;
}

/**
 * The key of an evaluated resource.
 *
 * @param ref - the resource as evaluation reports it
 * @param root - the folder file ids are relative to
 * @returns the key
 */
export function resourceKeyOf(ref: ResourceRef, root: string): ResourceKey {
  return {
    file: stableFileId(ref.file, root),
    document: ref.document,
    ...(ref.item !== undefined ? { item: ref.item } : {}),
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
  };
}

/**
 * A key as one string, for maps: every field, unambiguously.
 *
 * @param k - the key
 * @returns the string
 */
export function keyString(k: ResourceKey): string {
  return JSON.stringify([k.file, k.document, k.item ?? -1, k.apiVersion, k.kind, k.namespace, k.name]);
}

/**
 * A key for people: `file#3 v1/Pod default/web`, `file#0.items[2] apps/v1/Deployment shop/api`,
 * `generated:7/ClusterRole#4 rbac.authorization.k8s.io/v1/ClusterRole admin`.
 *
 * @param k - the key
 * @returns the text
 */
export function describeKey(k: ResourceKey): string {
  const item = k.item !== undefined ? `.items[${k.item}]` : "";
  const what = `${k.apiVersion ? `${k.apiVersion}/` : ""}${k.kind || "(no kind)"}`;
  return `${k.file}#${k.document}${item} ${what} ${k.namespace ? `${k.namespace}/` : ""}${k.name || "(no name)"}`;
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order of baselines and reports: by file (code units), document, list item, then
 * apiVersion, kind, namespace and name.
 *
 * @param a - a key
 * @param b - another key
 * @returns negative, zero or positive
 */
export function compareKeys(a: ResourceKey, b: ResourceKey): number {
  return (
    cmp(a.file, b.file) ||
    cmp(a.document, b.document) ||
    cmp(a.item ?? -1, b.item ?? -1) ||
    cmp(a.apiVersion, b.apiVersion) ||
    cmp(a.kind, b.kind) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name)
  );
}
