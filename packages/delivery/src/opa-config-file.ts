import { stringify } from "yaml";
import { OPA_KEY_ID, opaConfig, OPA_SERVICE_NAME } from "./opa-config.js";

/** Where the shipped OPA configuration is, in a repository. */
export const OPA_CONFIG_FILE = "deploy/opa/config.yaml";

/** The environment variables OPA substitutes into the shipped configuration when it starts. */
export const OPA_CONFIG_VARIABLES = {
  registry: "TOLLGATE_REGISTRY",
  bundle: "TOLLGATE_BUNDLE",
} as const;

/**
 * The shipped OPA configuration (`deploy/opa/config.yaml`): the service, the bundle with its
 * polling and signing key id, and the key's algorithm. The registry and the bundle's reference
 * come from environment variables OPA substitutes (`${TOLLGATE_REGISTRY}`, `${TOLLGATE_BUNDLE}`),
 * the public key from a file at start-up (`--set-file keys.tollgate-release.key=opa.pub`):
 * without it OPA refuses to start.
 *
 * @returns the file's text
 */
export function opaConfigFile(): string {
  const config = opaConfig({
    serviceUrl: `https://\${${OPA_CONFIG_VARIABLES.registry}}`,
    resource: `\${${OPA_CONFIG_VARIABLES.bundle}}`,
  });
  return [
    "# OPA pulls the signed Tollgate bundle from an OCI registry and refuses a bundle whose",
    "# signature does not verify (it keeps the last one that did). Start it with:",
    `#   ${OPA_CONFIG_VARIABLES.registry}=ghcr.io ${OPA_CONFIG_VARIABLES.bundle}=ghcr.io/org/tollgate-policies:1.0.0 \\`,
    `#   opa run --server --config-file config.yaml --set-file keys.${OPA_KEY_ID}.key=opa.pub`,
    `# (a plain-HTTP registry on loopback: --set services.${OPA_SERVICE_NAME}.url=http://127.0.0.1:5000).`,
    "# Written by `tollgate build` from the code that pushes releases: do not edit; see docs/deploy.md.",
    stringify(config, { lineWidth: 0 }),
  ].join("\n");
}
