import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, YAMLMap } from "yaml";
import type { Alias, Pair, YAMLSeq } from "yaml";
import type { Limits } from "./load-options.js";

/** Why a YAML syntax tree cannot become JSON data, and at which source offset. */
export class YamlDataError extends Error {
  /**
   * @param message - what is wrong and what to do
   * @param offset - source offset of the node at fault, when known
   */
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

/** A converted node: its data, how many nodes it holds, how many levels of collections. */
interface Converted {
  readonly value: unknown;
  readonly size: number;
  readonly height: number;
}

/** A collection being converted. */
interface Frame {
  readonly node: YAMLMap | YAMLSeq;
  readonly out: unknown[] | Record<string, unknown>;
  readonly depth: number;
  next: number;
  size: number;
  height: number;
  /** Map key whose value comes next. */
  key: string | typeof MERGE;
  readonly keys: Set<string>;
  readonly merges: { readonly value: unknown; readonly offset: number | undefined }[];
}

const MERGE = Symbol("<<");
const PENDING = Symbol("pending");

/**
 * Turns a YAML syntax tree into plain JSON data without recursion, so that no input can
 * exhaust the stack. Every mapping key becomes an own data property (`__proto__` included:
 * no prototype is ever set); a key that appears twice is an error; `<<` merge keys are
 * applied as Kubernetes' YAML reader does; an alias shares its anchor's data, within the
 * alias limits; numbers must be finite. Integers past 2^53 stay numbers and lose precision,
 * as with `JSON.parse`.
 *
 * @param root - the document's contents
 * @param limits - depth and alias limits
 * @returns the data
 * @throws YamlDataError when the tree cannot be plain data within the limits
 */
export function yamlToJson(root: unknown, limits: Limits): unknown {
  const anchors = new Map<string, Converted | typeof PENDING>();
  let aliases = 0;
  let aliasedNodes = 0;
  const stack: Frame[] = [];
  let result: Converted | undefined;

  const deliver = (converted: Converted, offset: number | undefined): void => {
    const parent = stack.at(-1);
    if (!parent) {
      result = converted;
      return;
    }
    if (parent.depth + converted.height > limits.maxDepth) throw tooDeep(limits, offset);
    parent.size += converted.size;
    parent.height = Math.max(parent.height, converted.height + 1);
    if (Array.isArray(parent.out)) parent.out.push(converted.value);
    else if (parent.key === MERGE) parent.merges.push({ value: converted.value, offset });
    else defineOwn(parent.out, parent.key, converted.value);
  };

  const resolveAlias = (alias: Alias): Converted => {
    const offset = alias.range?.[0];
    const target = anchors.get(alias.source);
    if (target === undefined) {
      throw new YamlDataError(`alias *${alias.source} has no anchor &${alias.source} before it`, offset);
    }
    if (target === PENDING) {
      throw new YamlDataError(
        `alias *${alias.source} is inside the node it refers to: the data would be infinite`,
        offset,
      );
    }
    aliases += 1;
    aliasedNodes += target.size;
    if (aliases > limits.maxAliases) {
      throw new YamlDataError(`more than ${limits.maxAliases} aliases (limit maxAliases)`, offset);
    }
    if (aliasedNodes > limits.maxAliasedNodes) {
      throw new YamlDataError(
        `aliases expand to more than ${limits.maxAliasedNodes} nodes (limit maxAliasedNodes): ` +
          `is this a "billion laughs" attack?`,
        offset,
      );
    }
    return target;
  };

  const visit = (node: unknown): void => {
    if (node === null || node === undefined) return deliver({ value: null, size: 1, height: 0 }, undefined);
    if (isAlias(node)) return deliver(resolveAlias(node), node.range?.[0]);
    if (isScalar(node)) {
      const converted = { value: scalarValue(node), size: 1, height: 0 };
      if (node.anchor) anchors.set(node.anchor, converted);
      return deliver(converted, node.range?.[0]);
    }
    const collection = isPair(node) ? pairAsMap(node) : node;
    if (!isMap(collection) && !isSeq(collection)) {
      throw new YamlDataError(`unexpected YAML node ${String(collection)}`, undefined);
    }
    const depth = (stack.at(-1)?.depth ?? 0) + 1;
    if (depth > limits.maxDepth) throw tooDeep(limits, collection.range?.[0]);
    if (collection.anchor) anchors.set(collection.anchor, PENDING);
    stack.push({
      node: collection,
      out: isMap(collection) ? {} : [],
      depth,
      next: 0,
      size: 1,
      height: 1,
      key: "",
      keys: new Set(),
      merges: [],
    });
  };

  visit(root);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if (frame.next < frame.node.items.length) {
      const item: unknown = frame.node.items[frame.next++];
      if (!isMap(frame.node)) visit(item);
      else if (isPair(item)) {
        frame.key = mapKey(item, frame, resolveAlias);
        visit(item.value);
      } else
        throw new YamlDataError(
          "a mapping holds something other than key: value pairs",
          frame.node.range?.[0],
        );
      continue;
    }
    stack.pop();
    if (frame.merges.length > 0) applyMerges(frame.out as Record<string, unknown>, frame.merges);
    const converted = { value: frame.out, size: frame.size, height: frame.height };
    if (frame.node.anchor) anchors.set(frame.node.anchor, converted);
    deliver(converted, frame.node.range?.[0]);
  }
  return result?.value ?? null;
}

function tooDeep(limits: Limits, offset: number | undefined): YamlDataError {
  return new YamlDataError(`nested more than ${limits.maxDepth} levels deep (limit maxDepth)`, offset);
}

function scalarValue(node: Scalar): unknown {
  const value: unknown = node.value;
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new YamlDataError(
      `${node.source ?? String(value)} is not a finite number: JSON and Kubernetes cannot hold it (quote it to make it a string)`,
      node.range?.[0],
    );
  }
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    return value;
  }
  throw new YamlDataError(`unsupported scalar of type ${typeof value}`, node.range?.[0]);
}

/** The property name of a mapping key, checked for duplicates; `MERGE` for a plain `<<`. */
function mapKey(pair: Pair, frame: Frame, resolveAlias: (alias: Alias) => Converted): string | typeof MERGE {
  const key: unknown = pair.key;
  const offset = isScalar(key) || isAlias(key) || isMap(key) || isSeq(key) ? key.range?.[0] : undefined;
  if (isScalar(key) && key.type === Scalar.PLAIN && key.value === "<<") return MERGE;
  const value = isScalar(key) ? key.value : isAlias(key) ? resolveAlias(key).value : (key ?? null);
  if (isCollectionValue(value)) {
    throw new YamlDataError(
      "a mapping key is a mapping or a list: Kubernetes objects only have text keys",
      offset,
    );
  }
  const name = value === null ? "" : String(value);
  if (frame.keys.has(name)) {
    throw new YamlDataError(
      `duplicate key ${JSON.stringify(name)}: a key may appear only once in a mapping`,
      offset,
    );
  }
  frame.keys.add(name);
  return name;
}

function isCollectionValue(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/** `<<: *base` or `<<: [*a, *b]`: copies the keys the mapping does not set itself; earlier sources win. */
function applyMerges(out: Record<string, unknown>, merges: Frame["merges"]): void {
  for (const { value, offset } of merges) {
    for (const source of Array.isArray(value) ? value : [value]) {
      if (!isCollectionValue(source) || Array.isArray(source)) {
        throw new YamlDataError("a merge key << needs a mapping or a list of mappings", offset);
      }
      for (const [key, item] of Object.entries(source as Record<string, unknown>)) {
        if (!Object.hasOwn(out, key)) defineOwn(out, key, item);
      }
    }
  }
}

/** Sets an own data property, whatever the name (`__proto__` included). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A `key: value` pair directly in a flow sequence, as the mapping it stands for. */
function pairAsMap(pair: Pair): YAMLMap {
  const map = new YAMLMap();
  map.items.push(pair);
  return map;
}
