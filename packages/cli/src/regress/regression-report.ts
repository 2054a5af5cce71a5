import type { EvalError } from "../eval/eval-result.js";
import { compareKeys, type ResourceKey } from "./resource-key.js";

/** One rule whose verdict on one resource changed. */
export interface RuleChange {
  /** The resource. */
  readonly resource: ResourceKey;
  /** The resource for people (see `describeKey`). */
  readonly id: string;
  /** The rule id. */
  readonly rule: string;
  /** The rule's messages now (empty when it now allows the resource). */
  readonly messages: readonly string[];
}

/** A resource that appeared or disappeared. */
export interface ResourceChange {
  /** The resource. */
  readonly resource: ResourceKey;
  /** The resource for people (see `describeKey`). */
  readonly id: string;
  /** The rules that deny it (now for a new resource, in the baseline for a gone one). */
  readonly deniedBy: readonly string[];
}

/** What a regression run found, against the baseline. */
export interface RegressionReport {
  /** The engine(s) evaluated with. */
  readonly engine: string;
  /** Resources evaluated. */
  readonly resources: number;
  /** Resources of the baseline compared with (those of the shard, when sharded). */
  readonly baselineResources: number;
  /** A rule that allowed a resource in the baseline denies it now. */
  readonly newlyDenied: readonly RuleChange[];
  /** A rule that denied a resource in the baseline allows it now. */
  readonly newlyAllowed: readonly RuleChange[];
  /** Resources that are not in the baseline. */
  readonly newResources: readonly ResourceChange[];
  /** Resources of the baseline that were not seen. */
  readonly goneResources: readonly ResourceChange[];
  /** Informational: a rule still denies, with different messages. */
  readonly messagesChanged: readonly RuleChange[];
  /** Informational: rules evaluated now but not in the baseline. */
  readonly rulesAdded: readonly string[];
  /** Informational: rules in the baseline not evaluated now. */
  readonly rulesRemoved: readonly string[];
  /** Unusable input and engine errors (each fails the run). */
  readonly errors: readonly EvalError[];
}

/**
 * The exit code of a regression run: 2 when any input was unusable or an engine erred (fail
 * closed), 1 when any verdict flipped or a resource is new or gone (unreviewed), 0 otherwise;
 * changed messages alone are informational.
 *
 * @param r - the report
 * @returns the exit code
 */
export function regressionExitCode(r: RegressionReport): number {
  if (r.errors.length > 0) return 2;
  return r.newlyDenied.length + r.newlyAllowed.length + r.newResources.length + r.goneResources.length > 0
    ? 1
    : 0;
}

/**
 * How many unreviewed changes a report holds.
 *
 * @param r - the report
 * @returns flips plus new and gone resources
 */
export function unreviewedCount(r: RegressionReport): number {
  return r.newlyDenied.length + r.newlyAllowed.length + r.newResources.length + r.goneResources.length;
}

const byRule = (a: RuleChange, b: RuleChange): number =>
  compareKeys(a.resource, b.resource) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
const byResource = (a: ResourceChange, b: ResourceChange): number => compareKeys(a.resource, b.resource);

function byPlace(a: EvalError, b: EvalError): number {
  const t = (e: EvalError): [string, number, number, string] => [
    e.file,
    e.document ?? -1,
    e.item ?? -1,
    e.message,
  ];
  const [x, y] = [t(a), t(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/**
 * A report with every list in its canonical order (resource, then rule), so that the same
 * findings always print the same way, however the work was split.
 *
 * @param r - a report
 * @returns the same report, sorted
 */
export function sortReport(r: RegressionReport): RegressionReport {
  return {
    ...r,
    newlyDenied: [...r.newlyDenied].sort(byRule),
    newlyAllowed: [...r.newlyAllowed].sort(byRule),
    newResources: [...r.newResources].sort(byResource),
    goneResources: [...r.goneResources].sort(byResource),
    messagesChanged: [...r.messagesChanged].sort(byRule),
    rulesAdded: [...r.rulesAdded].sort(),
    rulesRemoved: [...r.rulesRemoved].sort(),
    errors: [...r.errors].sort(byPlace),
  };
}

/**
 * Joins the reports of disjoint shards into the report of the whole corpus.
 *
 * @param parts - one report per shard, all against the same baseline and rules
 * @returns the joined report
 */
export function joinReports(parts: readonly RegressionReport[]): RegressionReport {
  const [first] = parts;
  if (!first) throw new Error("no shard reports to join");
  return sortReport({
    engine: first.engine,
    resources: parts.reduce((n, p) => n + p.resources, 0),
    baselineResources: parts.reduce((n, p) => n + p.baselineResources, 0),
    newlyDenied: parts.flatMap((p) => p.newlyDenied),
    newlyAllowed: parts.flatMap((p) => p.newlyAllowed),
    newResources: parts.flatMap((p) => p.newResources),
    goneResources: parts.flatMap((p) => p.goneResources),
    messagesChanged: parts.flatMap((p) => p.messagesChanged),
    rulesAdded: first.rulesAdded,
    rulesRemoved: first.rulesRemoved,
    errors: parts.flatMap((p) => p.errors),
  });
}
