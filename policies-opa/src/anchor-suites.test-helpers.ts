import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "@tollgate/toolchain";
import { parse } from "yaml";
import { OPA_ANCHORS } from "./index.js";

/** Where the gatekeeper-library suites sit, beside the repository. */
export const ANCHORS_ROOT = sharedPath("anchors", "gatekeeper-library", "library");

/** One case of a gator suite, resolved: the constraint's parameters, the object, the operation and what is expected. */
export interface GatorCase {
  readonly test: string;
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly object: Record<string, unknown>;
  readonly operation: string;
  /** `true`/`false` for `violations: yes|no`, or an exact count. */
  readonly violations: boolean | number;
}

/** A suite present in shared/ for one of our rules. */
export interface GatorSuite {
  readonly id: string;
  readonly dir: string;
  readonly cases: GatorCase[];
}

interface SuiteFile {
  tests: {
    name: string;
    template: string;
    constraint: string;
    cases?: { name: string; object: string; assertions?: { violations?: unknown }[] }[];
  }[];
}

function loadYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/**
 * Every gator suite present in shared/ for our rules, with its cases resolved.
 *
 * @returns the suites
 */
export function gatorSuites(): GatorSuite[] {
  return Object.entries(OPA_ANCHORS).flatMap(([id, anchor]) => {
    const dir = join(ANCHORS_ROOT, anchor);
    if (!existsSync(join(dir, "suite.yaml"))) return [];
    const suite = loadYaml(join(dir, "suite.yaml")) as unknown as SuiteFile;
    const cases = suite.tests.flatMap((t) => {
      const constraint = loadYaml(join(dir, t.constraint));
      const params = ((constraint["spec"] as Record<string, unknown> | undefined)?.["parameters"] ??
        {}) as Record<string, unknown>;
      return (t.cases ?? []).map((c): GatorCase => {
        const doc = loadYaml(join(dir, c.object));
        const review =
          doc["kind"] === "AdmissionReview" ? (doc["request"] as Record<string, unknown>) : undefined;
        const raw = c.assertions?.[0]?.violations;
        return {
          test: t.name,
          name: c.name,
          params,
          object: review ? (review["object"] as Record<string, unknown>) : doc,
          operation: review ? String(review["operation"] ?? "CREATE") : "CREATE",
          violations:
            raw === "yes" || raw === true ? true : raw === "no" || raw === false ? false : Number(raw),
        };
      });
    });
    return [{ id, dir, cases }];
  });
}
