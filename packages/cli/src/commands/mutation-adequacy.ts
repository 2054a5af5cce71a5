import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  checkRuleMutants,
  exampleCases,
  type MutantOutcome,
  type MutationCase,
  type MutationReport,
} from "@tollgate/harness";
import { loadManifests } from "@tollgate/manifest-loader";
import type { RuleIR } from "@tollgate/rule-dsl";
import { sharedFolder } from "@tollgate/toolchain";
import type { Project } from "../config/project.js";
import { CI_CORPUS, ciCorpusPaths } from "../regress/ci-corpus.js";
import { generatedDocuments } from "../regress/generated-corpus.js";

/** Generated objects per kind and parameter set when searching a witness for a survivor. */
const WITNESS_SEARCH_RUNS = 400;

/** The mutation adequacy of a run: each rule's report, and the corpus the mutants met. */
export interface MutationRun {
  readonly reports: MutationReport[];
  /** Corpus objects read (anchors, the configured regression corpus, generated objects). */
  readonly corpusObjects: number;
  /** Files of the corpus that did not load, each with its reason (they are skipped). */
  readonly corpusErrors: string[];
}

/** Whether the anchors are there to read: beside a Tollgate checkout, or where the environment says. */
function anchorsPresent(): boolean {
  try {
    return existsSync(resolve(sharedFolder(), "anchors"));
  } catch {
    // An installed Tollgate (a team's repository) has no checkout to find the shared folder beside.
    return false;
  }
}

/**
 * The regression corpus mutants are told apart on: the anchors read in place (when the shared
 * folder is there), the project's configured regression corpus (`regress.corpus`, else
 * `manifests/` when it exists), and the CI corpus's generated objects.
 */
async function corpusCases(project: Project): Promise<{ cases: MutationCase[]; errors: string[] }> {
  const paths: string[] = [];
  if (anchorsPresent()) paths.push(...ciCorpusPaths());
  const configured = project.config.regress?.corpus;
  for (const p of configured ?? ["manifests"]) {
    const path = resolve(project.root, p);
    if (existsSync(path)) paths.push(path);
  }
  const cases: MutationCase[] = [];
  const errors: string[] = [];
  for await (const item of loadManifests(paths)) {
    if (item.type === "document")
      cases.push({ source: `${item.file} document ${item.index + 1}`, object: item.object });
    else errors.push(item.message);
  }
  for (const d of generatedDocuments(CI_CORPUS.generated))
    cases.push({ source: `${d.file} document ${d.index + 1}`, object: d.object });
  return { cases, errors };
}

/**
 * Runs the mutation check of every rule: its mutants against its examples (with their
 * parameters) and the regression corpus (with the rule's defaults: a library's record of its
 * survivors holds whatever a project configures).
 *
 * @param project - the project
 * @param rules - the rules to check
 * @param seed - the seed of the witness search
 * @param onRule - called as each rule is done
 * @param searchRuns - generated objects per kind and parameter set in a survivor's witness search
 * @returns the reports
 */
export async function runMutationCheck(
  project: Project,
  rules: readonly RuleIR[],
  seed: number,
  onRule?: (done: number, total: number, report: MutationReport) => void,
  searchRuns = WITNESS_SEARCH_RUNS,
): Promise<MutationRun> {
  const corpus = await corpusCases(project);
  const reports: MutationReport[] = [];
  for (const rule of rules) {
    // A rule's mutants are judged as its definition reads the corpus: with its own defaults.
    const cases = [...exampleCases(rule), ...corpus.cases];
    const report = checkRuleMutants(rule, cases, {
      seed,
      searchRuns,
    });
    reports.push(report);
    onRule?.(reports.length, rules.length, report);
    await new Promise((r) => setImmediate(r));
  }
  return { reports, corpusObjects: corpus.cases.length, corpusErrors: corpus.errors };
}

function witnessText(o: MutantOutcome): string {
  if (!o.witness)
    return "    no generated object tells it apart either: if no object can, mark it equivalent with the reason";
  const example = {
    title: "…",
    object: o.witness.object,
    ...(o.witness.params ? { params: o.witness.params } : {}),
  };
  const body = JSON.stringify(example, null, 2).replace(/^/gm, "      ");
  return `    this object tells it apart (the rule ${o.witness.list === "denied" ? "denies" : "allows"} it); add it to examples.${o.witness.list}:\n${body}`;
}

/**
 * The lines a run prints for each surviving mutant and each stale equivalence mark.
 *
 * @param reports - the reports
 * @returns text, empty when every mutant is killed or marked
 */
export function formatMutationFailures(reports: readonly MutationReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const s of r.survivors)
      lines.push(
        `FAIL  ${r.rule}: mutant survives: ${s.id} (${s.operator}); no example, anchor test or corpus object tells it apart`,
        witnessText(s),
        `    or, when no object can: equivalentMutants: { ${JSON.stringify(s.id)}: "why no object can" }`,
      );
    for (const s of r.staleMarks)
      lines.push(`FAIL  ${r.rule}: mutant ${s}; remove the mark from equivalentMutants in its rule.ts`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/**
 * The summary line of a run, per library: mutants, killed, equivalent, surviving.
 *
 * @param run - the run
 * @param libraries - the project's libraries, to group rules by
 * @returns text
 */
export function formatMutationSummary(
  run: MutationRun,
  libraries: readonly { readonly name: string; readonly rules: readonly RuleIR[] }[],
): string {
  const groups = new Map<string, MutationReport[]>();
  for (const r of run.reports) {
    const library = libraries.find((l) => l.rules.some((x) => x.meta.id === r.rule))?.name ?? "own rules";
    groups.set(library, [...(groups.get(library) ?? []), r]);
  }
  const sum = (rs: readonly MutationReport[], f: (r: MutationReport) => number): number =>
    rs.reduce((n, r) => n + f(r), 0);
  const lines = [...groups].map(
    ([name, rs]) =>
      `  ${name}: ${rs.length} rules, ${sum(rs, (r) => r.mutants)} mutants, ${sum(rs, (r) => r.killed)} killed, ${sum(rs, (r) => r.equivalent)} equivalent, ${sum(rs, (r) => r.survivors.length)} surviving`,
  );
  return [
    `mutants: each rule changed one decision at a time, told apart on its examples and ${run.corpusObjects} corpus objects${run.corpusErrors.length > 0 ? ` (${run.corpusErrors.length} corpus files skipped)` : ""}:`,
    ...lines,
  ].join("\n");
}
