import type { ParamIR, Severity } from "@tollgate/rule-dsl";
import type { ImageValidatingPolicy } from "./image-validating-policy.js";

/** What every generated policy carries besides its parameters: the Tollgate version and where its doc page lives. */
export interface ImagePolicyOptions {
  /** The Tollgate version, written to the `tollgate.dev/version` annotation when given. */
  readonly version?: string;
  /** Base URL (or relative path) of the rule doc pages; `<id>.md` is appended. Default `docs/rules/`. */
  readonly docsBaseUrl?: string;
}

/**
 * An example of the doc page: an image, signed and attested in a certain way, and what it shows.
 * `fixture` names the image the tests build, sign and attest in a local registry; they check
 * that the real kyverno CLI denies (or allows) a Pod that uses it, as the page says.
 */
export interface ImageRuleExample {
  /** The test fixture: how the image is signed and attested. */
  readonly fixture: string;
  /** What the example shows. */
  readonly title: string;
}

/**
 * An image-verification rule of the Kyverno library (gates 1–3: signed images, SBOM and SLSA provenance attested, no critical vulnerability). These rules
 * need a registry (signatures and attestations are fetched and verified at admission), so they
 * are not written in the rule IR: each is a typed definition that produces a Kyverno
 * `ImageValidatingPolicy` from its parameters.
 */
export interface KyvernoImageRule {
  /** The policy name (`verify-image-signature`). */
  readonly id: string;
  readonly title: string;
  readonly category: string;
  /** The gate of the road to production it serves: 1 provenance, 2 SBOM and scan, 3 signature. */
  readonly gate: 1 | 2 | 3;
  readonly severity: Severity;
  /** The kind of object it is about (Kyverno's `policies.kyverno.io/subject`). */
  readonly subject: string;
  readonly description: string;
  readonly remediation: string;
  /** Parameters: schema (with a description) and default. Overrides come per rule id from `--params`. */
  readonly parameters: Readonly<Record<string, ParamIR>>;
  /** What the rule cannot see or enforce with Kyverno 1.19.0, found while testing it; shown on the doc page. */
  readonly limits: readonly string[];
  /** Images it denies and allows with the default signer replaced by the test key. */
  readonly examples: {
    readonly denied: readonly ImageRuleExample[];
    readonly allowed: readonly ImageRuleExample[];
  };
  /**
   * The policy for these parameters (missing ones take their defaults).
   *
   * @param params - overrides, by parameter name; an unknown name or a wrong type throws
   * @param options - version and docs link for the annotations
   * @returns the ImageValidatingPolicy
   * @throws when a parameter is unknown, of the wrong type, or unusable (a key that is not PEM, no signer)
   */
  policyOf(params?: Readonly<Record<string, unknown>>, options?: ImagePolicyOptions): ImageValidatingPolicy;
}
