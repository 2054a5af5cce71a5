import type { Json, ParamIR } from "@tollgate/rule-dsl";
import type {
  CosignAttestor,
  ImagePolicyValidation,
  ImageValidatingPolicy,
  IntotoAttestation,
  KeylessIdentity,
} from "./image-validating-policy.js";
import type { ImagePolicyOptions } from "./kyverno-image-rule.js";
import { stringListParameter } from "./rule-parameters.js";

/** The OIDC issuer of GitHub Actions ID tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * The default keyless identity: a release workflow of a GitHub repository. `YOUR-ORG/YOUR-REPO`
 * is configuration, not a real identity; until it is set, no image verifies and every Pod is
 * refused (fail closed).
 */
export const PLACEHOLDER_KEYLESS_IDENTITY: KeylessIdentity = {
  issuer: GITHUB_ACTIONS_ISSUER,
  subjectRegExp:
    "^https://github\\.com/YOUR-ORG/YOUR-REPO/\\.github/workflows/release\\.ya?ml@refs/(heads/main|tags/v.+)$",
};

/** Sigstore's public transparency log. */
export const PUBLIC_REKOR_URL = "https://rekor.sigstore.dev";

/**
 * The parameters every image rule has: which images, how the registry is reached, and who may
 * sign. Each rule has its own copy, so the SBOM signer can differ from the provenance builder.
 */
export const SIGNER_PARAMETERS: Readonly<Record<string, ParamIR>> = {
  imageReferences: stringListParameter(
    "Globs of the image references the rule checks (Kyverno matchImageReferences). Images that match none are not checked by this rule.",
    ["*"],
  ),
  publicKeys: stringListParameter(
    "PEM public keys (cosign.pub) whose signatures are trusted. Put the key text here, never a private key.",
    [],
  ),
  keylessIdentities: {
    schema: {
      type: "array",
      description:
        "Keyless (Sigstore OIDC) identities whose signatures are trusted: an issuer and a subject, or a subjectRegExp (Go RE2). The default is a placeholder to replace (YOUR-ORG/YOUR-REPO).",
      items: {
        type: "object",
        properties: {
          issuer: { type: "string" },
          subject: { type: "string" },
          subjectRegExp: { type: "string" },
        },
      },
    },
    default: [{ ...PLACEHOLDER_KEYLESS_IDENTITY }] as unknown as Json,
  },
  rekorUrl: {
    schema: {
      type: "string",
      description:
        "The Rekor transparency log that keyless signatures (and key signatures when requireTlogForKeys) are checked against.",
    },
    default: PUBLIC_REKOR_URL,
  },
  requireTlogForKeys: {
    schema: {
      type: "boolean",
      description:
        "Require a transparency-log entry for key signatures too. Off by default: a key signature made offline (cosign --tlog-upload=false) has none, and the key itself is the trust anchor.",
    },
    default: false,
  },
  allowInsecureRegistry: {
    schema: {
      type: "boolean",
      description:
        "Let Kyverno reach registries over plain HTTP or with untrusted TLS. Loopback registries (127.0.0.1, localhost) need no setting.",
    },
    default: false,
  },
};

/** The attestors of a policy and the CEL list that names them all (any one of them is enough). */
export interface Signers {
  readonly attestors: readonly CosignAttestor[];
  /** `[attestors.key0, attestors.keyless]` */
  readonly list: string;
}

const PEM_PUBLIC_KEY = /^\s*-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

/**
 * The cosign attestors for the signer parameters: one per public key, and one for all keyless
 * identities.
 *
 * @param ruleId - the rule, for messages
 * @param values - the resolved parameters
 * @param prefix - prepended to the attestor names (`scanKey0`), to keep them apart when several rules share one policy
 * @returns the attestors
 * @throws when a key is not a PEM public key, an identity is incomplete, or no signer is configured
 */
export function signersOf(ruleId: string, values: Readonly<Record<string, Json>>, prefix = ""): Signers {
  const keys = values["publicKeys"] as string[];
  const identities = values["keylessIdentities"] as unknown as KeylessIdentity[];
  const rekorUrl = values["rekorUrl"] as string;
  const requireTlogForKeys = values["requireTlogForKeys"] as boolean;
  const attestors: CosignAttestor[] = [];
  keys.forEach((pem, i) => {
    if (!PEM_PUBLIC_KEY.test(pem)) {
      throw new Error(
        `${ruleId}: publicKeys[${i}] is not a PEM public key (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)`,
      );
    }
    attestors.push({
      name: prefix ? `${prefix}Key${i}` : `key${i}`,
      cosign: {
        key: { data: pem.trim() + "\n" },
        ctlog: requireTlogForKeys ? { url: rekorUrl } : { insecureIgnoreTlog: true },
      },
    });
  });
  identities.forEach((id, i) => {
    if (!id.issuer) throw new Error(`${ruleId}: keylessIdentities[${i}] has no issuer`);
    if (!id.subject === !id.subjectRegExp)
      throw new Error(`${ruleId}: keylessIdentities[${i}] needs exactly one of subject and subjectRegExp`);
  });
  if (identities.length > 0) {
    const clean = identities.map((id) => ({
      issuer: id.issuer,
      ...(id.subject ? { subject: id.subject } : { subjectRegExp: id.subjectRegExp! }),
    }));
    attestors.push({
      name: prefix ? `${prefix}Keyless` : "keyless",
      cosign: { keyless: { identities: clean }, ctlog: { url: rekorUrl } },
    });
  }
  if (attestors.length === 0)
    throw new Error(`${ruleId}: no signer configured: set publicKeys or keylessIdentities`);
  return { attestors, list: `[${attestors.map((a) => `attestors.${a.name}`).join(", ")}]` };
}

/** What a rule adds to the common frame. */
export interface ImagePolicyBody {
  readonly attestations: readonly IntotoAttestation[];
  readonly variables?: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly ImagePolicyValidation[];
}

/**
 * Every image of the object: containers, init containers and ephemeral containers, as Kyverno
 * extracts them for Pods and pod controllers (and filtered by matchImageReferences).
 */
export const ALL_IMAGES = "variables.allImages";

/**
 * A check that must hold for every image, with a message naming the images that fail it.
 *
 * @param check - a CEL boolean over the variable `image`
 * @param message - what is wrong, followed by the failing images
 * @param describe - a CEL string naming a failing image (default: the image reference)
 * @returns the validation
 */
export function forEveryImage(check: string, message: string, describe = "image"): ImagePolicyValidation {
  return {
    expression: `${ALL_IMAGES}.all(image, ${check})`,
    message,
    messageExpression: `${JSON.stringify(`${message}: `)} + ${ALL_IMAGES}.filter(image, !(${check})).map(image, ${describe}).join(", ")`,
  };
}

/** The kinds every image rule matches, as the catalogue lists them. */
export const IMAGE_POLICY_KINDS: readonly string[] = [
  "Pod",
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/DaemonSet",
  "apps/ReplicaSet",
  "batch/Job",
  "batch/CronJob",
];

const POD_CONTROLLERS = [
  { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
  {
    apiGroups: ["apps"],
    apiVersions: ["v1"],
    operations: ["CREATE", "UPDATE"],
    resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
  },
  {
    apiGroups: ["batch"],
    apiVersions: ["v1"],
    operations: ["CREATE", "UPDATE"],
    resources: ["jobs", "cronjobs"],
  },
];

/** What the policy's metadata says: the rule's (or, for a combined policy, the combination's) name, title and so on. */
export interface ImagePolicyHeader {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly severity: string;
  readonly subject: string;
  readonly description: string;
  /** The gate(s), as written to `tollgate.dev/gate` (`3`, or `1,2,3`). */
  readonly gate: string;
}

/**
 * The ImageValidatingPolicy of a rule: fail closed (`Deny`, `failurePolicy: Fail`), images pinned
 * and checked by digest, every matched image required to be verified, Pods and pod controllers
 * matched explicitly (no autogen).
 *
 * @param rule - the policy's metadata
 * @param values - the resolved parameters (imageReferences, allowInsecureRegistry)
 * @param signers - its attestors
 * @param body - its attestations, variables and validations
 * @param options - version and docs link
 * @returns the policy
 */
export function imagePolicyOf(
  rule: ImagePolicyHeader,
  values: Readonly<Record<string, Json>>,
  signers: Signers,
  body: ImagePolicyBody,
  options: ImagePolicyOptions,
): ImageValidatingPolicy {
  const globs = values["imageReferences"] as string[];
  if (globs.length === 0)
    throw new Error(`${rule.id}: imageReferences is empty, so the rule would check no image`);
  const allowInsecure = values["allowInsecureRegistry"] as boolean;
  return {
    apiVersion: "policies.kyverno.io/v1",
    kind: "ImageValidatingPolicy",
    metadata: {
      name: rule.id,
      annotations: {
        "policies.kyverno.io/title": rule.title,
        "policies.kyverno.io/category": rule.category,
        "policies.kyverno.io/severity": rule.severity,
        "policies.kyverno.io/subject": rule.subject,
        "policies.kyverno.io/minversion": "1.19.0",
        "policies.kyverno.io/description": rule.description,
        "tollgate.dev/gate": rule.gate,
        ...(options.version ? { "tollgate.dev/version": options.version } : {}),
        "tollgate.dev/docs": `${options.docsBaseUrl ?? "docs/rules/"}${rule.id}.md`,
      },
    },
    spec: {
      validationActions: ["Deny"],
      failurePolicy: "Fail",
      webhookConfiguration: { timeoutSeconds: 30 },
      evaluation: { background: { enabled: true } },
      autogen: { podControllers: { controllers: [] } },
      matchConstraints: { resourceRules: POD_CONTROLLERS },
      matchImageReferences: globs.map((glob) => ({ glob })),
      validationConfigurations: { mutateDigest: true, verifyDigest: true, required: true },
      ...(allowInsecure ? { credentials: { allowInsecureRegistry: true } } : {}),
      attestors: signers.attestors,
      attestations: body.attestations,
      variables: [
        {
          name: "allImages",
          expression:
            "images.?containers.orValue([]) + images.?initContainers.orValue([]) + images.?ephemeralContainers.orValue([])",
        },
        ...(body.variables ?? []),
      ],
      validations: body.validations,
    },
  };
}
