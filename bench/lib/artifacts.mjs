// The full libraries' generated artifacts, as the CLI writes them, gathered in the layout each real CLI takes.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";

/**
 * Runs `tollgate build --out <dir>/build` and gathers every rule's Kyverno ValidatingPolicy,
 * Gatekeeper ConstraintTemplate and Constraint into flat folders (rules without all three, such
 * as Kyverno-only ImageValidatingPolicies, are listed in `skipped`).
 *
 * @param {string} tollgate - path of the tollgate bin script
 * @param {string} dir - the work folder
 * @returns {{ rules: string[], skipped: string[], kyverno: string, templates: string, constraints: string, ruleOfKind: Map<string,string>, buildMs: number }}
 */
export function gatherArtifacts(tollgate, dir) {
  const out = join(dir, "build");
  const started = performance.now();
  execFileSync(process.execPath, [tollgate, "build", "--out", out], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const buildMs = performance.now() - started;
  const kyverno = join(dir, "kyverno-policies");
  const templates = join(dir, "gator", "templates");
  const constraints = join(dir, "gator", "constraints");
  for (const d of [kyverno, templates, constraints]) mkdirSync(d, { recursive: true });
  const rules = [];
  const skipped = [];
  const ruleOfKind = new Map();
  for (const library of ["policies-kyverno", "policies-opa"]) {
    const generated = join(out, library, "generated");
    for (const rule of readdirSync(generated, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "opa-bundle")
      .map((e) => e.name)
      .sort()) {
      const base = join(generated, rule);
      const policy = join(base, "kyverno", "policy.yaml");
      const template = join(base, "gatekeeper", "template.yaml");
      const constraint = join(base, "gatekeeper", "constraint.yaml");
      // Rules of the IR compile to all three; Kyverno-only policies (ImageValidatingPolicy,
      // which verify signatures against a registry) are not what tollgate eval evaluates.
      if (
        !existsSync(policy) ||
        !existsSync(template) ||
        !existsSync(constraint) ||
        YAML.parse(readFileSync(policy, "utf8"))?.kind !== "ValidatingPolicy"
      ) {
        skipped.push(rule);
        continue;
      }
      rules.push(rule);
      copyFileSync(policy, join(kyverno, `${rule}.yaml`));
      copyFileSync(template, join(templates, `${rule}.yaml`));
      copyFileSync(constraint, join(constraints, `${rule}.yaml`));
      ruleOfKind.set(YAML.parse(readFileSync(constraint, "utf8")).kind, rule);
    }
  }
  return { rules, skipped, kyverno, templates, constraints, ruleOfKind, buildMs };
}
