import { stringify } from "yaml";
import { OPA_KEY_ID, opaConfig, OPA_SERVICE_NAME } from "./opa-config.js";

/** Where the shipped OPA configuration is, in a repository and in a release. */
export const OPA_CONFIG_FILE = "deploy/opa/config.yaml";

/** Where a release holds a copy of its signed OPA bundle, beside the configuration. */
export const OPA_BUNDLE_DEPLOY_FILE = "deploy/opa/bundle.tar.gz";

/** The environment variables OPA substitutes into the shipped configuration when it starts. */
export const OPA_CONFIG_VARIABLES = {
  registry: "TOLLGATE_REGISTRY",
  bundle: "TOLLGATE_BUNDLE",
} as const;

/** The ConfigMap that holds the shipped OPA configuration, and its key. */
export const OPA_CONFIG_MAP = { name: "tollgate-opa-config", key: "config.yaml" } as const;

/**
 * The OPA configuration itself: the service, the bundle with its polling and signing key id, and
 * the key's algorithm. The registry and the bundle's reference come from environment variables
 * OPA substitutes (`${TOLLGATE_REGISTRY}`, `${TOLLGATE_BUNDLE}`), the public key from a file at
 * start-up (`--set-file keys.tollgate-release.key=opa.pub`): without it OPA refuses to start.
 *
 * @returns OPA's configuration as YAML
 */
export function opaConfigText(): string {
  return stringify(
    opaConfig({
      serviceUrl: `https://\${${OPA_CONFIG_VARIABLES.registry}}`,
      resource: `\${${OPA_CONFIG_VARIABLES.bundle}}`,
    }),
    { lineWidth: 0 },
  );
}

/**
 * The shipped `deploy/opa/config.yaml`: a ConfigMap holding {@link opaConfigText} under
 * `config.yaml`, to mount into an OPA Deployment (a Kubernetes object, so a folder of manifests
 * that holds it still evaluates cleanly); outside a cluster, OPA reads that key's text as its
 * `--config-file`.
 *
 * @returns the file's text
 */
export function opaConfigFile(): string {
  return [
    "# OPA pulls the signed Tollgate bundle from an OCI registry and refuses a bundle whose",
    "# signature does not verify (it keeps the last one that did). Mount this ConfigMap's",
    `# ${OPA_CONFIG_MAP.key} as OPA's --config-file, and start OPA with the registry, the bundle and the key:`,
    `#   env ${OPA_CONFIG_VARIABLES.registry}=ghcr.io ${OPA_CONFIG_VARIABLES.bundle}=ghcr.io/org/tollgate-policies:1.0.0`,
    `#   opa run --server --config-file /config/${OPA_CONFIG_MAP.key} --set-file keys.${OPA_KEY_ID}.key=/keys/opa.pub`,
    `# (a plain-HTTP registry on loopback: --set services.${OPA_SERVICE_NAME}.url=http://127.0.0.1:5000).`,
    "# Written by `tollgate build` from the code that pushes releases: do not edit; see docs/deploy.md.",
    stringify(
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: OPA_CONFIG_MAP.name },
        data: { [OPA_CONFIG_MAP.key]: opaConfigText() },
      },
      { lineWidth: 0 },
    ),
  ].join("\n");
}
