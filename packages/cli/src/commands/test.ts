import { parseArgs } from "node:util";
import { createExampleChecker } from "@tollgate/engines";
import {
  disagreementsOf,
  formatDisagreement,
  formatHarnessSummary,
  PARAMETER_DRAWS,
  runHarness,
} from "@tollgate/harness";
import { selectRules } from "../eval/eval-command.js";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { RecordedDenials } from "@tollgate/artifacts";
import type { RuleIR } from "@tollgate/rule-dsl";
import { formatRuleLoadError, typecheckRuleFiles } from "@tollgate/rule-loader";
import { CONFIG_OPTION, CONFIG_USAGE, openProject } from "../config/open-project.js";
import { formatMutationFailures, formatMutationSummary, runMutationCheck } from "./mutation-adequacy.js";
import {
  ADMISSION_MESSAGES_FILE,
  readAdmissionMessages,
  recordAdmissionMessages,
  staleAdmissionMessages,
} from "./admission-messages.js";

/** The default seed: fixed, so every run checks the same objects unless told otherwise. */
export const DEFAULT_SEED = 20261128;

/** Usage of `tollgate test`. */
export const TEST_USAGE = [
  "usage: tollgate test [--seed N] [--runs N] [--cli-samples N] [--cluster [--cluster-samples N]] [--rules ID,...] [-o table|json]",
  "",
  "The property-based and conformance harness. For every rule and every kind it matches, generated",
  "manifests (targeted at the rule's fields and literals) go through the oracle (its interpreter,",
  "the reference, and the compiled form eval runs), opa-wasm and the CEL evaluator; any",
  "disagreement fails with the rule, the engines, the seed and the shrunk manifest as YAML. Every",
  "rule must deny and allow on every kind (witnesses). A seeded sample per rule and kind runs",
  "through the real kyverno test (ValidatingPolicies; ClusterPolicies on 30% of it), gator",
  "verify and opa eval. CEL denials must carry one of the oracle's messages (field and element).",
  "Coverage: every field a rule reads and every container list it iterates must hold a value in",
  "at least 0.1% of the rule's samples, and a field compared with literals must hold one of them.",
  "",
  "Mutants: each rule is changed one decision at a time (a comparison's boundary moved, a prefix",
  "test turned into a substring test, a literal or list element changed or dropped, a negation",
  "removed, a quantifier swapped, a container list dropped, a default flipped, a parameter",
  "ignored), and its examples, the anchors' tests and the regression corpus must tell each",
  "mutant from the rule. A survivor fails the run with an object that tells it apart, shrunk and",
  "ready to paste as an example, unless the rule marks it in equivalentMutants with a one-line",
  "reason why no object can tell it apart (a mark that a case disproves fails the run too).",
  "",
  "With --cluster, every rule is also judged where it acts: a real kube-apiserver on etcd, with",
  "Gatekeeper's manager and Kyverno's admission controller as webhooks, started for the run and",
  "stopped after it. Each rule is installed as each target compiles it (ValidatingAdmissionPolicy",
  "+ Binding, ConstraintTemplate + Constraint, Kyverno ValidatingPolicy); its examples and",
  "generated objects go through server-side dry run as CREATE and UPDATE, and the cluster's",
  "verdict must be the oracle's. A policy the cluster refuses fails the run with its message.",
  "Gatekeeper judges twice: with the templates' Rego, then with their CEL (K8sNativeValidation).",
  "",
  "  --seed N          the seed (default: TOLLGATE_SEED, else 20261128)",
  "  --runs N          generated objects per rule and kind in process (default 500)",
  "  --cli-samples N   objects per rule and kind for the real CLIs (default 50; 0 skips them)",
  "  --param-draws N   parameter sets drawn per rule beyond the defaults, each judged on a tenth",
  "                    of --runs objects per kind biased toward it (default 3; 0 skips them)",
  "  --cluster         also judge every rule at admission on a real control plane",
  "  --cluster-samples N  generated objects per rule and kind at admission (default 3)",
  "  --record-messages  write what kubectl printed for each rule's denied example to",
  "                    admission-messages.json (the rule pages show it after 'tollgate build');",
  "                    without it, a recorded file must match what the cluster prints",
  "  --rules IDS       only these rules",
  "  -o FORMAT         table (default) or json",
  CONFIG_USAGE.replace("FILE   ", "FILE     "),
  "",
  "The project's own rule files are type-checked first; a type error or a rule that does not",
  "load is reported with its file and line, and the other rules are still tested.",
  "",
  "Exit 0 when everything agrees and every witness is found, 1 when not, 2 when a rule does not",
  "load or type-check.",
].join("\n");

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} takes a whole number, got "${text}"`);
  return Number(text);
}

/**
 * Runs `tollgate test`.
 *
 * @param args - the arguments after `test`
 * @returns the exit code
 */
export async function runTest(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: "string" },
      runs: { type: "string" },
      "cli-samples": { type: "string" },
      "param-draws": { type: "string" },
      cluster: { type: "boolean", default: false },
      "cluster-samples": { type: "string" },
      "record-messages": { type: "boolean", default: false },
      rules: { type: "string" },
      output: { type: "string", short: "o", default: "table" },
      ...CONFIG_OPTION,
    },
    strict: true,
  });
  const seed = positiveInt("--seed", values.seed ?? process.env["TOLLGATE_SEED"], DEFAULT_SEED);
  const runs = positiveInt("--runs", values.runs, 500);
  const cliPerKind = positiveInt("--cli-samples", values["cli-samples"], 50);
  const parameterDraws = positiveInt("--param-draws", values["param-draws"], PARAMETER_DRAWS);
  const clusterPerKind = positiveInt("--cluster-samples", values["cluster-samples"], 3);
  if (values["cluster-samples"] !== undefined && !values.cluster)
    throw new Error("--cluster-samples needs --cluster (it sizes the admission run)");
  if (values["record-messages"] && !values.cluster)
    throw new Error("--record-messages needs --cluster (the messages come from the admission run)");
  const { project, ruleErrors } = await openProject(values);
  const typeErrors = await typecheckRuleFiles(project.ruleFiles);
  for (const e of typeErrors)
    process.stderr.write(`error: ${formatRuleLoadError(e, (f) => relative(process.cwd(), f))}\n`);
  const rules = selectRules(values.rules, project.rules);
  const tty = process.stderr.isTTY === true && !process.env["CI"];
  // The examples pin down what each rule means: every denied one must fail and every allowed
  // one pass, in every in-process engine, before any generated object is tried.
  const ids = new Set(rules.map((r) => r.meta.id));
  const definitions = project.definitions.filter((r) => ids.has(r.meta.id));
  const checkExamples = createExampleChecker(definitions);
  let exampleMismatches = 0;
  for (const rule of definitions) {
    for (const m of await checkExamples(rule)) {
      exampleMismatches += 1;
      process.stdout.write(
        `FAIL  ${m.rule}: ${m.expected === "fail" ? "denied" : "allowed"} example "${m.example}" gave ${m.got} in ${m.engine}, expected ${m.expected}${m.messages.length > 0 ? ` (${m.messages.join("; ")})` : ""}\n`,
      );
    }
  }
  process.stderr.write(
    `tollgate test: examples of ${definitions.length} rules: ${exampleMismatches === 0 ? "every one gives its verdict in every engine" : `${exampleMismatches} mismatches`}\n`,
  );
  // Every rule must tell apart each small change to it (a mutant) on its examples, its anchors'
  // tests or the regression corpus: a rule whose examples cannot see a slip is not pinned down.
  const mutation = await runMutationCheck(project, definitions, seed, (done, total, r) => {
    const line = `mutants [${String(done).padStart(String(total).length)}/${total}] ${r.rule}: ${r.mutants} mutants, ${r.killed} killed${r.equivalent ? `, ${r.equivalent} equivalent` : ""}${r.survivors.length ? `, ${r.survivors.length} SURVIVING` : ""}`;
    process.stderr.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
  });
  if (tty) process.stderr.write("\r\u001b[2K");
  const mutationFailures = formatMutationFailures(mutation.reports);
  process.stdout.write(mutationFailures);
  process.stderr.write(`tollgate test: ${formatMutationSummary(mutation, project.libraries)}\n`);
  process.stderr.write(
    `tollgate test: ${rules.length} rules, seed ${seed}, ${runs} objects per rule and kind in process, ${cliPerKind} per rule and kind through the real CLIs${values.cluster ? `, ${clusterPerKind} per rule and kind at admission on a real control plane` : ""}\n`,
  );
  const report = await runHarness({
    rules,
    seed,
    runs,
    cliPerKind,
    parameterDraws,
    ...(values.cluster
      ? {
          admission: {
            perKind: clusterPerKind,
            params: project.params,
            onProgress: (line: string) => process.stderr.write(`${line}\n`),
          },
        }
      : {}),
    onRule: (done, total, id, outcomes) => {
      const bad = outcomes.filter((o) => o.disagreement).length;
      const line = `[${String(done).padStart(String(total).length)}/${total}] ${id}: ${outcomes.length} kinds${bad ? `, ${bad} DISAGREEMENTS` : ""}`;
      process.stderr.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
    },
  });
  if (tty) process.stderr.write("\r\u001b[2K");
  if (values.output === "json") {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const d of disagreementsOf(report)) process.stdout.write(`${formatDisagreement(d)}\n\n`);
    process.stdout.write(formatHarnessSummary(report));
  }
  const messagesFresh = report.admission
    ? checkAdmissionMessages(
        project.root,
        rules,
        report.admission.denials,
        values["record-messages"] === true,
      )
    : true;
  return ruleErrors || typeErrors.length > 0
    ? 2
    : report.ok && exampleMismatches === 0 && mutationFailures === "" && messagesFresh
      ? 0
      : 1;
}

/**
 * Records the denials kubectl printed, or checks them against the recorded file: a rule page
 * must show what a cluster prints today.
 */
function checkAdmissionMessages(
  root: string,
  rules: readonly RuleIR[],
  live: RecordedDenials,
  record: boolean,
): boolean {
  const tested = rules.map((r) => r.meta.id);
  if (Object.keys(live).length === 0 && tested.length > 0) {
    process.stdout.write("admission messages: kubectl is not installed, nothing recorded or compared\n");
    return !record;
  }
  if (record) {
    const path = recordAdmissionMessages(root, tested, live);
    process.stdout.write(
      `admission messages: recorded ${Object.keys(live).length} rules in ${relative(process.cwd(), path)}; run 'tollgate build' to show them on the rule pages\n`,
    );
    return true;
  }
  if (!existsSync(join(root, ADMISSION_MESSAGES_FILE))) {
    process.stdout.write(
      `admission messages: none recorded; 'tollgate test --cluster --record-messages' writes ${ADMISSION_MESSAGES_FILE} for the rule pages\n`,
    );
    return true;
  }
  const stale = staleAdmissionMessages(readAdmissionMessages(root), tested, live);
  if (stale.length === 0) {
    process.stdout.write(
      `admission messages: ${ADMISSION_MESSAGES_FILE} matches what the cluster prints for ${tested.length} rules\n`,
    );
    return true;
  }
  process.stdout.write(
    `admission messages: ${ADMISSION_MESSAGES_FILE} is out of date for ${stale.length} rules (run 'tollgate test --cluster --record-messages', then 'tollgate build'):\n  ${stale.join("\n  ")}\n`,
  );
  return false;
}
