import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "@tollgate/toolchain";
import { parse, parseAllDocuments } from "yaml";
import { KYVERNO_ANCHORS } from "./index.js";

/** Where the anchors' tests sit, beside the repository. */
export const ANCHORS_ROOT = sharedPath("anchors", "kyverno-policies");

/** One row of a kyverno-test.yaml. */
export interface KyvernoTestRow {
  policy: string;
  rule?: string;
  kind: string;
  resources: string[];
  result: "pass" | "fail" | "skip";
  isValidatingPolicy?: boolean;
}

/** A kyverno-test.yaml. */
export interface KyvernoTestFile {
  policies: string[];
  resources: string[];
  results: KyvernoTestRow[];
  [key: string]: unknown;
}

/** An anchor suite present in shared/: the rule, the folder and its test file. */
export interface AnchorSuite {
  readonly id: string;
  readonly suite: string;
  readonly dir: string;
  readonly test: KyvernoTestFile;
}

/**
 * Every anchor suite present in shared/ for our rules.
 *
 * @returns the suites
 */
export function anchorSuites(): AnchorSuite[] {
  return Object.entries(KYVERNO_ANCHORS).flatMap(([id, a]) =>
    a.suites.flatMap((suite) => {
      const dir = join(ANCHORS_ROOT, suite, ".kyverno-test");
      if (!existsSync(join(dir, "kyverno-test.yaml"))) return [];
      const test = parse(readFileSync(join(dir, "kyverno-test.yaml"), "utf8")) as KyvernoTestFile;
      return [{ id, suite, dir, test }];
    }),
  );
}

/**
 * The suite's resources and the expected verdict of every resource for our rule (rows of other
 * policies in the same suite are left out). A ClusterPolicy suite gives verdicts per rule of the
 * policy; our rule is their conjunction, so a resource fails when any of its rows fails, passes
 * when its rows cover every rule of the policy and all pass, and otherwise has no verdict to
 * check (counted in `undetermined`).
 *
 * @param s - the suite
 * @returns objects, expectations and the number of resources without a verdict
 */
export function expectationsOf(s: AnchorSuite) {
  const objects = s.test.resources.flatMap((r) =>
    parseAllDocuments(readFileSync(join(s.dir, r), "utf8"))
      .map((d) => {
        if (d.errors.length > 0) throw d.errors[0]!;
        return d.toJS() as unknown;
      })
      .filter((d): d is Record<string, unknown> => !!d && typeof d === "object"),
  );
  const rows = s.test.results.filter((row) => row.policy === s.id);
  const rules = new Set(rows.map((r) => r.rule ?? ""));
  const byResource = new Map<string, { kind: string; name: string; results: Map<string, string> }>();
  for (const row of rows) {
    for (const name of row.resources) {
      const key = `${row.kind}/${name}`;
      const entry = byResource.get(key) ?? { kind: row.kind, name, results: new Map<string, string>() };
      entry.results.set(row.rule ?? "", row.result);
      byResource.set(key, entry);
    }
  }
  const expected: { kind: string; name: string; result: string }[] = [];
  let undetermined = 0;
  for (const e of byResource.values()) {
    const results = [...e.results.values()];
    if (results.includes("fail")) expected.push({ kind: e.kind, name: e.name, result: "fail" });
    else if (e.results.size === rules.size && results.every((r) => r === results[0]))
      expected.push({ kind: e.kind, name: e.name, result: results[0]! });
    else undetermined += 1;
  }
  return { objects, expected, undetermined };
}
