import { biasFromRule, type BiasTarget } from "@tollgate/generators";
import { podSpecPathOf, type ContainerList, type RuleIR } from "@tollgate/rule-dsl";

/** How often one field the rule reads was seen in the generated samples. */
export interface FieldCount {
  /** `object.spec.replicas`, `podSpec.hostNetwork`, `container.securityContext.privileged`, `podSpec.containers`. */
  readonly field: string;
  /** Samples where the field held a value (not null). */
  present: number;
  /** Samples where it was set to null. */
  null: number;
  /** Samples where it was absent. */
  absent: number;
  /** For a field the rule compares with literals: samples where it held one of them. */
  literal?: number;
}

/** What the samples of a rule covered: its fields and container lists, over every kind. */
export interface FieldCoverage {
  readonly rule: string;
  readonly samples: number;
  readonly fields: readonly FieldCount[];
}

/**
 * The least share of a rule's samples (over all its kinds) in which each field it reads must hold
 * a value, and each container list it iterates must be non-empty. Generation is biased toward the
 * fields a rule reads, so a field seen in fewer than 1 in 1,000 samples is one the generators
 * have all but stopped producing, as when a change to them drops ephemeral containers. The floor
 * is that low because some fields exist on one kind of a rule's eight only, and there now and
 * then (the ports of an ephemeral container, which only a Pod manifest in CI carries); the least
 * covered field of a full run sits at about 1 in 200 (printed in the summary).
 */
export const COVERAGE_FLOOR = 1 / 1000;

const LISTS: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];

/** The values at `path` under `base` (`[]` steps into every element of a list). */
function valuesAt(base: unknown, path: readonly string[]): { found: unknown[]; sawNull: boolean } {
  let current: unknown[] = [base];
  let sawNull = false;
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === "[]") {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, step)) {
        const child = (v as Record<string, unknown>)[step];
        if (child === null) sawNull = true;
        else next.push(child);
      }
    }
    current = next;
  }
  return { found: current, sawNull };
}

/** A counter of what a rule's samples cover. */
export interface CoverageCounter {
  /** Counts one generated object. */
  observe(object: unknown): void;
  /** What was seen so far. */
  result(): FieldCoverage;
}

/**
 * A counter of the fields a rule reads (the fields its conditions read, as targeted generation
 * finds them) and the container lists it iterates: per sample, whether each is present, null or
 * absent, and whether a field compared with literals holds one of them.
 *
 * @param rule - the rule
 * @returns the counter
 */
export function createCoverageCounter(rule: RuleIR): CoverageCounter {
  // Near-miss keys are generated to test a key's exactness; the rule does not read them.
  const targets: readonly BiasTarget[] = biasFromRule(rule).targets.filter((t) => !t.nearMiss);
  const lists = new Set<ContainerList>();
  for (const v of rule.violations)
    for (const it of v.each)
      if (it.source.kind === "containers") for (const l of it.source.lists) lists.add(l);
  const counts = new Map<string, FieldCount>();
  const count = (field: string, withLiteral: boolean): FieldCount => {
    let c = counts.get(field);
    if (!c) {
      c = { field, present: 0, null: 0, absent: 0, ...(withLiteral ? { literal: 0 } : {}) };
      counts.set(field, c);
    }
    return c;
  };
  let samples = 0;
  return {
    observe(object) {
      samples += 1;
      const kind = (object as { kind?: unknown } | null)?.kind;
      const specPath = typeof kind === "string" ? podSpecPathOf(kind) : undefined;
      const podSpec = specPath ? valuesAt(object, specPath).found[0] : undefined;
      const containers = LISTS.flatMap((l) => {
        const items = podSpec === undefined ? [] : valuesAt(podSpec, [l]).found[0];
        return Array.isArray(items) ? items : [];
      });
      for (const t of targets) {
        const bases =
          t.scope === "object"
            ? [object]
            : t.scope === "podSpec"
              ? podSpec === undefined
                ? []
                : [podSpec]
              : containers;
        const literals = t.hints.filter((h) => h.relation === "equal" && !h.imagePart).map((h) => h.value);
        const c = count(`${t.scope}${t.path.length > 0 ? "." : ""}${t.path.join(".")}`, literals.length > 0);
        let found: unknown[] = [];
        let sawNull = false;
        for (const b of bases) {
          const r = valuesAt(b, t.path);
          found = found.concat(r.found);
          sawNull ||= r.sawNull;
        }
        if (found.length > 0) c.present += 1;
        else if (sawNull) c.null += 1;
        else c.absent += 1;
        if (c.literal !== undefined && found.some((v) => literals.includes(v as never))) c.literal += 1;
      }
      if (specPath)
        for (const l of lists) {
          const c = count(`podSpec.${l}`, false);
          const r = valuesAt(podSpec, [l]);
          const items = r.found[0];
          if (Array.isArray(items) && items.length > 0) c.present += 1;
          else if (r.sawNull) c.null += 1;
          else c.absent += 1;
        }
    },
    result() {
      return { rule: rule.meta.id, samples, fields: [...counts.values()] };
    },
  };
}

/**
 * The fields of a coverage below {@link COVERAGE_FLOOR}: each with a reason ready to print.
 *
 * @param coverage - what the samples covered
 * @returns the shortfalls (empty when every field is covered)
 */
export function coverageShortfalls(coverage: FieldCoverage): string[] {
  const floor = Math.max(1, Math.ceil(coverage.samples * COVERAGE_FLOOR));
  const out: string[] = [];
  for (const f of coverage.fields) {
    if (f.present < floor)
      out.push(
        `${coverage.rule}: ${f.field} holds a value in ${f.present} of ${coverage.samples} samples (floor ${floor})`,
      );
    if (f.literal !== undefined && f.literal === 0)
      out.push(`${coverage.rule}: ${f.field} never holds a literal the rule compares it with`);
  }
  return out;
}
