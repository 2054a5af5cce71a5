import {
  COMBINED_IMAGE_POLICY_ID,
  combinedImagePolicyOf,
  KYVERNO_1_19_MULTI_POLICY_DEADLOCK,
} from "./combined-image-policy.js";
import { IMAGE_POLICY_KINDS } from "./image-policy-frame.js";
import { KYVERNO_IMAGE_RULES } from "./image-rules.js";
import type { ImagePolicyOptions, ImageRuleExample, KyvernoImageRule } from "./kyverno-image-rule.js";

/** Options of {@link imageRuleArtifacts}. */
export interface ImageRuleBuildOptions extends ImagePolicyOptions {
  /** Parameter overrides per rule id (a `--params` file). */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Renders one YAML document, deterministically (the artifacts package's `yamlText`). */
  readonly yamlText: (value: unknown) => string;
  /** The folder whose `generated/` receives the policies (default `policies-kyverno`). */
  readonly dir?: string;
}

/** An image rule in the machine-readable catalogue (the fields of the other rules' entries, except the Gatekeeper Constraint kind). */
export interface ImageRuleCatalogueEntry {
  readonly id: string;
  readonly library: "policies-kyverno";
  readonly title: string;
  readonly category: string;
  readonly severity: string;
  readonly gate: number;
  readonly subject: string;
  readonly description: string;
  readonly remediation: string;
  readonly kinds: string[];
  readonly parameters: Record<string, unknown>;
  /** Only `kyverno`: the other targets cannot verify signatures (see {@link IMAGE_RULES_OTHER_ENGINES}). */
  readonly targets: ["kyverno"];
  readonly docs: string;
}

/** The files of the image rules (by path from the repository root) and their catalogue entries. */
export interface ImageRuleArtifacts {
  /** `policies-kyverno/generated/<id>/kyverno/policy.yaml` and `docs/rules/<id>.md` per rule, and the same for the combined policy. */
  readonly files: Record<string, string>;
  readonly catalogue: ImageRuleCatalogueEntry[];
}

/** Why the image-verification rules exist only as Kyverno policies. */
export const IMAGE_RULES_OTHER_ENGINES =
  "Not available for Gatekeeper, OPA or ValidatingAdmissionPolicy. Checking a signature or an attestation means fetching it " +
  "from the registry at admission time and verifying it cryptographically. A ValidatingAdmissionPolicy's CEL has no network " +
  "access and no signature functions at all. Gatekeeper and OPA can do it only through an external data provider (Gatekeeper's " +
  "External Data feature with a provider such as Ratify or a cosign provider, or OPA's http.send to a verification service), " +
  "which Tollgate does not ship; so the OPA bundle and the Gatekeeper library of gate 4 do not include this rule.";

const LIBRARY_DIR = "policies-kyverno";

function fence(lang: string, text: string): string {
  return `\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``;
}

function exampleList(examples: readonly ImageRuleExample[]): string {
  return examples.map((e) => `- ${e.title} (test fixture \`${e.fixture}\`)`).join("\n");
}

function paramsExample(rule: KyvernoImageRule): string {
  return fence(
    "yaml",
    [
      `${rule.id}:`,
      "  publicKeys:",
      "    - |",
      "      -----BEGIN PUBLIC KEY-----",
      "      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…",
      "      -----END PUBLIC KEY-----",
      "  keylessIdentities:",
      "    - issuer: https://token.actions.githubusercontent.com",
      "      subject: https://github.com/acme/shop/.github/workflows/release.yaml@refs/heads/main",
    ].join("\n"),
  );
}

/**
 * The doc page of an image rule: what it checks, its gate, parameters with defaults, how to
 * configure its signers, the images it denies and allows (each one a test fixture), why other
 * engines cannot run it, and its policy text.
 *
 * @param rule - the rule
 * @param policyYaml - its generated policy
 * @returns Markdown
 */
export function imageRulePage(rule: KyvernoImageRule, policyYaml: string): string {
  const params = Object.entries(rule.parameters);
  return (
    [
      `# ${rule.title} (\`${rule.id}\`)`,
      `| | |\n|---|---|\n| Library | policies-kyverno |\n| Gate | ${rule.gate} |\n| Severity | ${rule.severity} |\n| Category | ${rule.category} |\n| Subject | ${rule.subject} |\n| Kyverno kind | \`ImageValidatingPolicy\` (policies.kyverno.io/v1) |\n| Matches | ${IMAGE_POLICY_KINDS.join(", ")} (CREATE, UPDATE) |`,
      `## What it checks\n\n${rule.description}\n\n` +
        "It fails closed: `validationActions: [Deny]` and `failurePolicy: Fail`, so a registry that cannot be reached, a signature " +
        "that cannot be fetched or any policy error refuses the object. Every image (containers, initContainers, ephemeralContainers) " +
        "must be referenced by digest (`verifyDigest`); at admission Kyverno first pins tags to digests (`mutateDigest`), and every " +
        "matched image must have been verified (`required`).",
      `## How to fix\n\n${rule.remediation}`,
      `## Parameters\n\n| name | type | default | description |\n|---|---|---|---|\n${params
        .map(
          ([k, p]) =>
            `| \`${k}\` | ${p.schema.type} | \`${JSON.stringify(p.default).replace(/\|/g, "\\|")}\` | ${(p.schema.description ?? "").replace(/\|/g, "\\|")} |`,
        )
        .join("\n")}`,
      "## Configuring the signers\n\n" +
        "The default signer is a placeholder keyless identity (`YOUR-ORG/YOUR-REPO`): until it is replaced, no image verifies and " +
        "every Pod is refused. Give your own public keys or keyless identities per rule id in the file passed to " +
        `\`tollgate build --params FILE\`:\n\n${paramsExample(rule)}\n\n` +
        "Key signatures are checked without a transparency log unless `requireTlogForKeys` is set (a key signature made offline, " +
        "`cosign sign --tlog-upload=false`, has no log entry); keyless signatures are always checked against Fulcio's roots and the " +
        "Rekor log, which Kyverno fetches from Sigstore's TUF repository.",
      `## Denied\n\nWith the test's key as the only signer, a Pod using one of these images is refused:\n\n${exampleList(rule.examples.denied)}`,
      `## Allowed\n\n${exampleList(rule.examples.allowed)}\n\n` +
        "Each example is an image the test suite pushes to a local OCI registry and signs or attests with the real cosign; the " +
        "real kyverno CLI must refuse or admit a Pod that uses it, as listed here.",
      `## Other engines\n\n${IMAGE_RULES_OTHER_ENGINES}`,
      ...(rule.limits.length > 0
        ? [`## Known limits\n\n${rule.limits.map((l) => `- ${l}`).join("\n")}`]
        : []),
      `## Kyverno 1.19.0: one image policy per object\n\n${KYVERNO_1_19_MULTI_POLICY_DEADLOCK} See [${COMBINED_IMAGE_POLICY_ID}](${COMBINED_IMAGE_POLICY_ID}.md).`,
      `## Policy text\n\n<details><summary>Kyverno ImageValidatingPolicy (our defaults)</summary>\n\n${fence("yaml", policyYaml)}\n\n</details>`,
    ].join("\n\n") + "\n"
  );
}

/**
 * The doc page of the combined policy.
 *
 * @param rules - the rules it combines
 * @param policyYaml - its generated policy
 * @returns Markdown
 */
export function combinedImagePolicyPage(rules: readonly KyvernoImageRule[], policyYaml: string): string {
  return (
    [
      `# Verify Image Supply Chain (\`${COMBINED_IMAGE_POLICY_ID}\`)`,
      `Rules ${rules.map((r) => `[${r.id}](${r.id}.md)`).join(", ")} in one Kyverno \`ImageValidatingPolicy\`, in that order: ` +
        "the first failing check refuses the object, and its message starts with the id of its rule. Each rule keeps its own " +
        "signers and parameters (from the same `--params` file, by rule id); `imageReferences` and `allowInsecureRegistry` must be " +
        "the same for all of them.",
      `## Why\n\n${KYVERNO_1_19_MULTI_POLICY_DEADLOCK}`,
      `## Other engines\n\n${IMAGE_RULES_OTHER_ENGINES}`,
      `## Policy text\n\n<details><summary>Kyverno ImageValidatingPolicy (our defaults)</summary>\n\n${fence("yaml", policyYaml)}\n\n</details>`,
    ].join("\n\n") + "\n"
  );
}

/**
 * Every file of the image-verification rules for `tollgate build`: each rule's ImageValidatingPolicy and doc page,
 * the combined policy and its page, and the rules' catalogue entries. Deterministic: the same
 * options give the same bytes.
 *
 * @param options - version, docs link, parameters and the YAML renderer
 * @returns files by path from the repository root, and catalogue entries
 * @throws when a parameter is invalid
 */
export function imageRuleArtifacts(options: ImageRuleBuildOptions): ImageRuleArtifacts {
  const params = options.params ?? {};
  const policyOptions: ImagePolicyOptions = {
    ...(options.version ? { version: options.version } : {}),
    ...(options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {}),
  };
  const docsBase = options.docsBaseUrl ?? "docs/rules/";
  const files: Record<string, string> = {};
  const generated =
    options.dir === undefined
      ? `${LIBRARY_DIR}/generated`
      : options.dir === "."
        ? "generated"
        : `${options.dir}/generated`;
  const catalogue: ImageRuleCatalogueEntry[] = [];
  for (const rule of KYVERNO_IMAGE_RULES) {
    const policyYaml = options.yamlText(rule.policyOf(params[rule.id] ?? {}, policyOptions));
    files[`${generated}/${rule.id}/kyverno/policy.yaml`] = policyYaml;
    files[`docs/rules/${rule.id}.md`] = imageRulePage(rule, policyYaml);
    catalogue.push({
      id: rule.id,
      library: "policies-kyverno",
      title: rule.title,
      category: rule.category,
      severity: rule.severity,
      gate: rule.gate,
      subject: rule.subject,
      description: rule.description,
      remediation: rule.remediation,
      kinds: [...IMAGE_POLICY_KINDS],
      parameters: Object.fromEntries(
        Object.entries(rule.parameters).map(([k, p]) => [k, { ...p.schema, default: p.default }]),
      ),
      targets: ["kyverno"],
      docs: `${docsBase}${rule.id}.md`,
    });
  }
  const combinedYaml = options.yamlText(combinedImagePolicyOf(params, policyOptions));
  files[`${generated}/${COMBINED_IMAGE_POLICY_ID}/kyverno/policy.yaml`] = combinedYaml;
  files[`docs/rules/${COMBINED_IMAGE_POLICY_ID}.md`] = combinedImagePolicyPage(
    KYVERNO_IMAGE_RULES,
    combinedYaml,
  );
  return { files, catalogue };
}
