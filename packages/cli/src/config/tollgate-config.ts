import type { Enforcement, Json } from "@tollgate/rule-dsl";

/** Which rules of a library to take. A rule is taken when it matches any of the lists given. */
export interface RuleSelection {
  /** Rules by id (`k8sallowedrepos`). */
  readonly ids?: readonly string[];
  /** Rules by category, exactly as the catalogue spells it. */
  readonly categories?: readonly string[];
  /** Rules by the gate they serve (1–7). */
  readonly gates?: readonly number[];
}

/** Rules taken from an installed rule library. */
export interface LibraryConfig {
  /** The library's package (`@tollgate/policies-kyverno`), resolved from the config's folder. */
  readonly package: string;
  /** Which of its rules: `"all"` (the default) or a selection. */
  readonly include?: "all" | RuleSelection;
  /** Rules to leave out, by id, even when `include` takes them. */
  readonly exclude?: readonly string[];
  /**
   * Write this library's artifacts as a library of its own under `<out>/generated/`, with its
   * own catalogue. Without it, its rules are built with the project's own rules.
   */
  readonly out?: string;
}

/** Signing and publishing of `tollgate release`. */
export interface ReleaseConfig {
  /** The OCI reference `tollgate release --push` pushes to when none is given. */
  readonly registry?: string;
  /** The cosign private key (development key made on first use when absent). */
  readonly key?: string;
  /** The cosign public key `tollgate verify` checks with (default: the development key's). */
  readonly publicKey?: string;
  /** The RSA private key (PEM) of the OPA bundle's own signature. */
  readonly opaKey?: string;
  /** Its public half, for `tollgate verify`. */
  readonly opaPublicKey?: string;
  /** Sign keyless (OIDC), as in real CI. */
  readonly keyless?: boolean;
  /** Keyless: the signer identity `tollgate verify` requires (the workflow's URL). */
  readonly identity?: string;
  /** Keyless: the OIDC issuer of that identity. */
  readonly issuer?: string;
  /** Where the release is written (default `dist/release`). */
  readonly out?: string;
}

/** The regression corpus and its recorded verdicts. */
export interface RegressConfig {
  /** Folders and files of real manifests (default `["manifests"]`). */
  readonly corpus?: readonly string[];
  /** The baseline file (default `regress/baseline.yaml`). */
  readonly baseline?: string;
}

/**
 * A policy repository's `tollgate.config.ts` (or `.mjs`, `.json`): which library rules it takes,
 * where its own rules are, their parameters, enforcement and exclusions, and how it releases.
 * Every path is relative to the folder of the config file.
 */
export interface TollgateConfig {
  /** The project's name: the catalogue's library name for its own rules (default: package.json's name). */
  readonly name?: string;
  /** Folders of the team's own rules, one folder per rule: `<folder>/<id>/rule.ts` (default `["rules"]`). */
  readonly rules?: readonly string[];
  /**
   * Folders of the team's service level objectives, one folder per service:
   * `<folder>/<service>/slo.ts` default-exporting `defineServiceSlos(...)` from `@tollgate/slo`
   * (default `["slos"]` when that folder exists). Built to `<out>/generated/slo/<service>/`.
   */
  readonly slos?: readonly string[];
  /** Where the own rules' artifacts go: `<out>/generated/<id>/` (default `.`). */
  readonly out?: string;
  /** Rules taken from installed libraries. */
  readonly libraries?: readonly LibraryConfig[];
  /** Parameters per rule id, over the rule's defaults. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, Json>>>>;
  /** What a cluster does on a violation, per rule id (default `deny`). */
  readonly enforcement?: Readonly<Record<string, Enforcement>>;
  /** Namespaces no rule applies to (Gatekeeper `excludedNamespaces`, Kyverno and VAP match conditions). */
  readonly excludedNamespaces?: readonly string[];
  /** Namespaces one rule does not apply to, per rule id, beside the global ones. */
  readonly ruleExcludedNamespaces?: Readonly<Record<string, readonly string[]>>;
  /** Signing and publishing. */
  readonly release?: ReleaseConfig;
  /** The regression corpus. */
  readonly regress?: RegressConfig;
}

/**
 * Types a `tollgate.config.ts`: returns its argument, so that the editor and the compiler check
 * every field.
 *
 * @example
 * ```ts
 * import { defineConfig } from "@tollgate/cli";
 *
 * export default defineConfig({
 *   libraries: [{ package: "@tollgate/policies-opa", include: { ids: ["k8sallowedrepos"] } }],
 *   parameters: { k8sallowedrepos: { repos: ["registry.example.com/"] } },
 *   enforcement: { k8sallowedrepos: "warn" },
 *   excludedNamespaces: ["kube-system"],
 * });
 * ```
 *
 * @param config - the configuration
 * @returns the same configuration
 */
export function defineConfig(config: TollgateConfig): TollgateConfig {
  return config;
}
