import type { EvalError } from "../eval/eval-result.js";
import type { Baseline } from "./baseline-file.js";
import { describeKey, keyString, type ResourceKey } from "./resource-key.js";
import type { ObservedResource, ResourceRecord } from "./resource-record.js";
import {
  sortReport,
  type RegressionReport,
  type ResourceChange,
  type RuleChange,
} from "./regression-report.js";

/**
 * Compares resources with a baseline as they are evaluated, one at a time: it holds the
 * baseline (the part being compared) and the changes found, never the run's results, so a
 * corpus of any size streams through it.
 */
export class BaselineComparer {
  private readonly expected = new Map<string, ResourceRecord>();
  private readonly baselineRules: ReadonlySet<string>;
  private readonly newlyDenied: RuleChange[] = [];
  private readonly newlyAllowed: RuleChange[] = [];
  private readonly newResources: ResourceChange[] = [];
  private readonly messagesChanged: RuleChange[] = [];
  private readonly errors: EvalError[] = [];
  private readonly baselineResources: number;
  private resources = 0;

  /**
   * @param baseline - the baseline (undefined: an empty one, everything is new)
   * @param rules - the rule ids evaluated now
   * @param engine - the engine(s) evaluated with
   * @param belongs - which baseline resources this run covers (its shard); default all
   */
  constructor(
    baseline: Baseline | undefined,
    private readonly rules: readonly string[],
    private readonly engine: string,
    belongs: (key: ResourceKey) => boolean = () => true,
  ) {
    for (const rec of baseline?.resources ?? [])
      if (belongs(rec.key)) this.expected.set(keyString(rec.key), rec);
    this.baselineResources = this.expected.size;
    this.baselineRules = new Set(baseline?.rules ?? rules);
  }

  /**
   * Compares one evaluated resource with its baseline entry.
   *
   * @param o - the resource and the rules that deny it
   */
  observe(o: ObservedResource): void {
    this.resources += 1;
    const k = keyString(o.key);
    const before = this.expected.get(k);
    const id = describeKey(o.key);
    if (!before) {
      this.newResources.push({ resource: o.key, id, deniedBy: Object.keys(o.deny).sort() });
      return;
    }
    this.expected.delete(k);
    for (const [rule, mark] of Object.entries(o.deny)) {
      const was = Object.hasOwn(before.deny, rule) ? before.deny[rule] : undefined;
      const messages = o.messages.get(rule) ?? [];
      if (was === undefined) this.newlyDenied.push({ resource: o.key, id, rule, messages });
      else if (was !== mark) this.messagesChanged.push({ resource: o.key, id, rule, messages });
    }
    for (const rule of Object.keys(before.deny)) {
      if (!Object.hasOwn(o.deny, rule)) this.newlyAllowed.push({ resource: o.key, id, rule, messages: [] });
    }
  }

  /**
   * Records an error of the run (unusable input, an engine error or disagreement).
   *
   * @param e - the error
   */
  error(e: EvalError): void {
    this.errors.push(e);
  }

  /**
   * The report: baseline resources not observed are gone.
   *
   * @returns the report, sorted
   */
  finish(): RegressionReport {
    const gone = [...this.expected.values()].map((rec) => ({
      resource: rec.key,
      id: describeKey(rec.key),
      deniedBy: Object.keys(rec.deny).sort(),
    }));
    const now = new Set(this.rules);
    return sortReport({
      engine: this.engine,
      resources: this.resources,
      baselineResources: this.baselineResources,
      newlyDenied: this.newlyDenied,
      newlyAllowed: this.newlyAllowed,
      newResources: this.newResources,
      goneResources: gone,
      messagesChanged: this.messagesChanged,
      rulesAdded: [...now].filter((r) => !this.baselineRules.has(r)),
      rulesRemoved: [...this.baselineRules].filter((r) => !now.has(r)),
      errors: this.errors,
    });
  }
}
