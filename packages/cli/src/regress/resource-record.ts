import { createHash } from "node:crypto";
import type { DocumentOutcome } from "../eval/document-evaluator.js";
import { resourceKeyOf, type ResourceKey } from "./resource-key.js";

/**
 * How a rule denies a resource in a baseline: `fail <digest>` or `error <digest>`, where the
 * digest is the first 8 hex digits of the SHA-256 of the rule's messages (sorted, one per
 * line), so a changed message is seen without storing every message.
 */
export type DenialMark = string;

/** The verdicts of every rule on one resource: the rules that deny it; every other rule allows it. */
export interface ResourceRecord {
  readonly key: ResourceKey;
  /** Rule id to denial, for each rule that fails (or errors) on the resource. */
  readonly deny: Readonly<Record<string, DenialMark>>;
}

/** A record as just evaluated, with the denial messages (kept only for what is reported). */
export interface ObservedResource extends ResourceRecord {
  /** Rule id to its messages, for each denying rule. */
  readonly messages: ReadonlyMap<string, readonly string[]>;
}

/**
 * The digest of a rule's messages.
 *
 * @param messages - the messages
 * @returns 8 hex digits
 */
export function messageDigest(messages: readonly string[]): string {
  return createHash("sha256")
    .update([...messages].sort().join("\n"))
    .digest("hex")
    .slice(0, 8);
}

/**
 * The record of an evaluated document: the verdicts of the first engine that ran (engines
 * that disagree are errors of the run, which fail it anyway).
 *
 * @param outcome - the document's outcome
 * @param root - the folder file ids are relative to
 * @returns the record, or undefined for unusable input
 */
export function observedResourceOf(outcome: DocumentOutcome, root: string): ObservedResource | undefined {
  if (!outcome.resource) return undefined;
  const engine = outcome.results[0]?.engine;
  const deny: Record<string, DenialMark> = {};
  const messages = new Map<string, readonly string[]>();
  for (const r of outcome.results) {
    if (r.engine !== engine || (r.verdict !== "fail" && r.verdict !== "error")) continue;
    deny[r.rule] = `${r.verdict} ${messageDigest(r.messages)}`;
    messages.set(r.rule, r.messages);
  }
  return { key: resourceKeyOf(outcome.resource, root), deny, messages };
}
