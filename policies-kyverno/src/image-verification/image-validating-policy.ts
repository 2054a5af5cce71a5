/**
 * The shape of a Kyverno `ImageValidatingPolicy` (policies.kyverno.io/v1, Kyverno 1.17+) as far
 * as Tollgate writes it. Field names follow Kyverno's API (`kyverno/api`,
 * `api/policies.kyverno.io/v1alpha1/imagevalidating_policy.go`).
 */

/** One identity a keyless (Fulcio certificate) signature may carry: an OIDC issuer and a subject. */
export interface KeylessIdentity {
  /** The OIDC issuer, exactly (`https://token.actions.githubusercontent.com`). */
  readonly issuer: string;
  /** The certificate subject (SAN), exactly. */
  readonly subject?: string;
  /** A Go (RE2) regular expression the certificate subject must match, instead of `subject`. */
  readonly subjectRegExp?: string;
}

/** A cosign attestor: a trusted public key, or trusted keyless identities. */
export interface CosignAttestor {
  /** The attestor's name, as the validations refer to it (`attestors.<name>`). */
  readonly name: string;
  readonly cosign: {
    /** A PEM public key the signature must verify against. */
    readonly key?: { readonly data: string };
    /** Keyless identities, checked against Sigstore's Fulcio roots. */
    readonly keyless?: { readonly identities: readonly KeylessIdentity[] };
    /** The transparency log: its URL, or (for key signatures made offline) not checked at all. */
    readonly ctlog?: { readonly url?: string; readonly insecureIgnoreTlog?: boolean };
  };
}

/** A signed in-toto attestation the policy reads, by predicate type. */
export interface IntotoAttestation {
  /** Its name, as the validations refer to it (`attestations.<name>`). */
  readonly name: string;
  /** The in-toto predicate type URI. */
  readonly intoto: { readonly type: string };
}

/** An admission resource rule (group, versions, operations, resources). */
export interface ImagePolicyResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly string[];
  readonly resources: readonly string[];
}

/** A CEL check with the message shown when it fails. */
export interface ImagePolicyValidation {
  /** A CEL expression that is true when the object is allowed. */
  readonly expression: string;
  /** The static message. */
  readonly message: string;
  /** A CEL expression building a message that names the failing images. */
  readonly messageExpression?: string;
}

/** A Kyverno ImageValidatingPolicy, as Tollgate generates it. */
export interface ImageValidatingPolicy {
  readonly apiVersion: "policies.kyverno.io/v1";
  readonly kind: "ImageValidatingPolicy";
  readonly metadata: { readonly name: string; readonly annotations: Readonly<Record<string, string>> };
  readonly spec: {
    /** Always `[Deny]`: a failed check refuses the object. */
    readonly validationActions: readonly "Deny"[];
    /** Always `Fail`: an error (registry unreachable, bad key) refuses the object. */
    readonly failurePolicy: "Fail";
    readonly webhookConfiguration: { readonly timeoutSeconds: number };
    readonly evaluation: { readonly background: { readonly enabled: boolean } };
    readonly autogen: { readonly podControllers: { readonly controllers: readonly string[] } };
    readonly matchConstraints: { readonly resourceRules: readonly ImagePolicyResourceRule[] };
    readonly matchImageReferences: readonly { readonly glob: string }[];
    readonly validationConfigurations: {
      readonly mutateDigest: boolean;
      readonly verifyDigest: boolean;
      readonly required: boolean;
    };
    readonly credentials?: { readonly allowInsecureRegistry: boolean };
    readonly attestors: readonly CosignAttestor[];
    readonly attestations?: readonly IntotoAttestation[];
    readonly variables: readonly { readonly name: string; readonly expression: string }[];
    readonly validations: readonly ImagePolicyValidation[];
  };
}
