import type { ServiceSlos } from "@tollgate/slo";
import { UnsupportedConstructError, type RuleIR } from "@tollgate/rule-dsl";
import { constraintOf, constraintTemplateOf, compileRuleModule } from "@tollgate/compiler-rego";
import { clusterPolicyOf, validatingAdmissionPolicyOf, validatingPolicyOf } from "@tollgate/compiler-cel";
import { gatorSuiteOf, kyvernoTestOf } from "./test-suites.js";
import { yamlStream, yamlText } from "./yaml-text.js";

/** The targets every rule is compiled to. */
export const TARGETS = ["gatekeeper", "opa", "kyverno", "kyverno-cluster-policy", "vap"] as const;

/** A compilation target. */
export type Target = (typeof TARGETS)[number];

/** Options stamped on every artifact. */
export interface BuildOptions {
  /** The Tollgate version. */
  readonly version: string;
  /** Base URL (or relative path) of the rule doc pages; `<id>.md` is appended. */
  readonly docsBaseUrl: string;
  /** Parameters per rule id, overriding the defaults in Constraints and inlined CEL. */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** What kubectl printed at admission for each rule's denied example (shown on the rule's page). */
  readonly admissionMessages?: RecordedDenials;
  /**
   * The project's service level objectives, built to `<generatedDir>/slo/<service>/` with doc
   * pages under `docs/slo/` (both folders owned by the build whenever this is given).
   */
  readonly slos?: { readonly services: readonly ServiceSlos[]; readonly generatedDir: string };
}

/** What `kubectl` printed when a rule's denied example was applied to a real cluster, per admission path. */
export interface RecordedDenial {
  /** The example's title. */
  readonly example: string;
  /** What `kubectl create --dry-run=server -f example.yaml` printed, by target (`vap`, `gatekeeper`, `kyverno`). */
  readonly messages: Readonly<Partial<Record<"vap" | "gatekeeper" | "kyverno", string>>>;
}

/** Recorded denials by rule id. */
export type RecordedDenials = Readonly<Record<string, RecordedDenial>>;

/** A target that cannot express a rule, and why. */
export interface UnsupportedTarget {
  readonly rule: string;
  readonly target: Target;
  readonly reason: string;
}

/** The artifacts of one rule: files by path inside the rule's folder, and the targets it lacks. */
export interface RuleArtifacts {
  readonly files: Record<string, string>;
  readonly unsupported: UnsupportedTarget[];
}

function attempt(
  rule: RuleIR,
  target: Target,
  unsupported: UnsupportedTarget[],
  make: () => Record<string, string>,
): Record<string, string> {
  try {
    return make();
  } catch (e) {
    if (e instanceof UnsupportedConstructError) {
      unsupported.push({ rule: rule.meta.id, target, reason: e.message });
      return {};
    }
    throw e;
  }
}

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));
}

/**
 * Every artifact of a rule, in every target that can express it, with the test suite each
 * ecosystem expects beside it: `gatekeeper/` (ConstraintTemplate, Constraint with our defaults,
 * gator suite with its own Constraints under `samples/`), `opa/` (the Rego module of the OPA bundle), `kyverno/` (ValidatingPolicy and
 * `.kyverno-test/`), `kyverno-cluster-policy/` (the same CEL as a ClusterPolicy with `validate.cel`,
 * for Kyverno before ValidatingPolicy, and its `.kyverno-test/`), `vap/` (ValidatingAdmissionPolicy
 * and Binding).
 *
 * @param rule - the rule
 * @param options - version, docs link and parameters
 * @returns the files and the unsupported targets
 */
export function ruleArtifacts(rule: RuleIR, options: BuildOptions): RuleArtifacts {
  const unsupported: UnsupportedTarget[] = [];
  const params = options.params?.[rule.meta.id] ?? {};
  const stamp = { version: options.version, docsBaseUrl: options.docsBaseUrl };
  const files: Record<string, string> = {
    ...attempt(rule, "gatekeeper", unsupported, () =>
      prefixed("gatekeeper", {
        "template.yaml": yamlText(constraintTemplateOf(rule, stamp)),
        "constraint.yaml": yamlText(constraintOf(rule, params)),
        ...gatorSuiteOf(rule),
      }),
    ),
    ...attempt(rule, "opa", unsupported, () => ({
      [`opa/${rule.meta.id}.rego`]: compileRuleModule(rule, "bundle"),
    })),
    ...attempt(rule, "kyverno", unsupported, () =>
      prefixed("kyverno", {
        "policy.yaml": yamlText(validatingPolicyOf(rule, params, stamp)),
        ...prefixed(".kyverno-test", kyvernoTestOf(rule, params)),
      }),
    ),
    ...attempt(rule, "kyverno-cluster-policy", unsupported, () =>
      prefixed("kyverno-cluster-policy", {
        "policy.yaml": yamlText(clusterPolicyOf(rule, params, stamp)),
        ...prefixed(".kyverno-test", kyvernoTestOf(rule, params, "ClusterPolicy")),
      }),
    ),
    ...attempt(rule, "vap", unsupported, () => ({
      "vap/policy.yaml": yamlStream(validatingAdmissionPolicyOf(rule, params, stamp)),
    })),
  };
  return { files, unsupported };
}
