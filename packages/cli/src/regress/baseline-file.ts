import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse } from "yaml";
import { compareKeys, type ResourceKey } from "./resource-key.js";
import type { DenialMark, ResourceRecord } from "./resource-record.js";

/** The recorded verdicts of a corpus: what `tollgate regress` compares a run with. */
export interface Baseline {
  /** The file format's version: 1. */
  readonly version: 1;
  /** The engine(s) that made it (informational: every engine gives the same verdicts). */
  readonly engine: string;
  /** The inputs it was made from, as given to `tollgate regress` (informational). */
  readonly inputs: readonly string[];
  /** Every rule evaluated, sorted; a rule that does not deny a resource allowed it. */
  readonly rules: readonly string[];
  /** Every resource, sorted by {@link compareKeys}, with the rules that deny it. */
  readonly resources: readonly ResourceRecord[];
}

const HEADER = [
  "# Tollgate regression baseline: the verdict of every rule on every resource of a corpus.",
  "# Written by `tollgate regress --update`; do not edit by hand. Review its diff like code:",
  "# a `+` deny line is a resource that a change newly denies, a `-` line one it newly allows.",
  "# Each resource lists the rules that deny it (`rule: fail <digest of the messages>`); every",
  "# other rule in `rules` allows it (passes, or does not apply to it).",
];

const PLAIN = /^[a-z][a-z0-9-]*$/;
const RESERVED = new Set(["true", "false", "null", "yes", "no", "on", "off", "y", "n"]);

/** A double-quoted YAML scalar: JSON's escapes (which YAML reads), plus what YAML could take for a line break. */
function quoted(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A YAML scalar: plain when unambiguous (rule ids), else double-quoted. */
function scalar(s: string): string {
  return PLAIN.test(s) && !RESERVED.has(s) ? s : quoted(s);
}

function keyFlow(k: ResourceKey): string {
  const item = k.item !== undefined ? `, item: ${k.item}` : "";
  return `{file: ${quoted(k.file)}, document: ${k.document}${item}, apiVersion: ${quoted(k.apiVersion)}, kind: ${quoted(k.kind)}, namespace: ${quoted(k.namespace)}, name: ${quoted(k.name)}}`;
}

/**
 * The baseline as YAML: a header, then one small entry per resource (its key on one line, one
 * line per denying rule), sorted, so that a change of verdict is a one-line diff.
 *
 * @param b - the baseline
 * @returns YAML text
 */
export function formatBaseline(b: Baseline): string {
  const lines = [...HEADER, `version: ${b.version}`, `engine: ${scalar(b.engine)}`, "inputs:"];
  for (const i of b.inputs) lines.push(`  - ${scalar(i)}`);
  if (b.inputs.length === 0) lines[lines.length - 1] = "inputs: []";
  lines.push(b.rules.length > 0 ? "rules:" : "rules: []");
  for (const r of [...b.rules].sort()) lines.push(`  - ${scalar(r)}`);
  lines.push(b.resources.length > 0 ? "resources:" : "resources: []");
  for (const rec of [...b.resources].sort((x, y) => compareKeys(x.key, y.key))) {
    lines.push(`  - resource: ${keyFlow(rec.key)}`);
    const rules = Object.keys(rec.deny).sort();
    lines.push(rules.length > 0 ? "    deny:" : "    deny: {}");
    for (const rule of rules) lines.push(`      ${scalar(rule)}: ${rec.deny[rule]!}`);
  }
  return `${lines.join("\n")}\n`;
}

function fail(file: string, what: string): never {
  throw new Error(`baseline ${file}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, file: string, field: string): string[] {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === "string"))
    fail(file, `"${field}" must be a list of strings`);
  return v;
}

const MARK = /^(fail|error) [0-9a-f]{8}$/;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function keyOf(v: unknown, file: string, at: number): ResourceKey {
  if (!isRecord(v)) fail(file, `resources[${at}].resource must be a mapping`);
  const s = (name: string): string => {
    const x = v[name];
    if (typeof x !== "string") fail(file, `resources[${at}].resource.${name} must be a string`);
    return x;
  };
  const n = (name: string): number | undefined => {
    const x = v[name];
    if (x === undefined && name === "item") return undefined;
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0)
      fail(file, `resources[${at}].resource.${name} must be a whole number`);
    return x;
  };
  const item = n("item");
  return {
    file: s("file"),
    document: n("document")!,
    ...(item !== undefined ? { item } : {}),
    apiVersion: s("apiVersion"),
    kind: s("kind"),
    namespace: s("namespace"),
    name: s("name"),
  };
}

/**
 * Reads a baseline's text, checking every field, so that a damaged file is an error, not a
 * silently different baseline.
 *
 * @param text - the YAML
 * @param file - the path, for messages
 * @returns the baseline
 */
export function parseBaseline(text: string, file: string): Baseline {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    fail(file, `not valid YAML: ${(e as Error).message.split("\n")[0]!.replace(/:$/, "")}`);
  }
  if (!isRecord(doc)) fail(file, "expected a mapping with version, engine, rules and resources");
  if (doc["version"] !== 1)
    fail(file, `version must be 1 (this tollgate reads version 1), got ${JSON.stringify(doc["version"])}`);
  if (typeof doc["engine"] !== "string") fail(file, `"engine" must be a string`);
  const inputs = doc["inputs"] === undefined ? [] : stringList(doc["inputs"], file, "inputs");
  const rules = stringList(doc["rules"], file, "rules");
  if (!Array.isArray(doc["resources"])) fail(file, `"resources" must be a list`);
  const seen = new Set<string>();
  const resources = doc["resources"].map((entry: unknown, at): ResourceRecord => {
    if (!isRecord(entry)) fail(file, `resources[${at}] must be a mapping with resource and deny`);
    const key = keyOf(entry["resource"], file, at);
    const id = JSON.stringify(key);
    if (seen.has(id)) fail(file, `resources[${at}] repeats a resource`);
    seen.add(id);
    const denyIn = entry["deny"] ?? {};
    if (!isRecord(denyIn))
      fail(file, `resources[${at}].deny must be a mapping of rule id to "fail <digest>"`);
    const deny: Record<string, DenialMark> = {};
    for (const [rule, mark] of Object.entries(denyIn)) {
      if (!RULE_ID.test(rule)) fail(file, `resources[${at}].deny: "${rule}" is not a rule id`);
      if (typeof mark !== "string" || !MARK.test(mark))
        fail(file, `resources[${at}].deny.${rule} must read "fail <8 hex digits>" or "error <8 hex digits>"`);
      deny[rule] = mark;
    }
    return { key, deny };
  });
  return { version: 1, engine: doc["engine"], inputs, rules, resources };
}

/**
 * Reads a baseline file.
 *
 * @param file - the path
 * @returns the baseline, or undefined when the file does not exist
 */
export function readBaseline(file: string): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`baseline ${file}: ${(e as Error).message}`);
  }
  return parseBaseline(text, file);
}

/**
 * Writes a baseline file (creating its folder), replacing the old one in one step.
 *
 * @param file - the path
 * @param b - the baseline
 */
export function writeBaseline(file: string, b: Baseline): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, formatBaseline(b));
  renameSync(tmp, file);
}
