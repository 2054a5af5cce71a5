/**
 * OPA's configuration for pulling the signed Tollgate bundle from an OCI registry: one builder,
 * used for the shipped `deploy/opa/config.yaml` and for the configurations made in code.
 */

/** The bundle's name in OPA's configuration and status. */
export const OPA_BUNDLE_NAME = "tollgate";
/** The service (registry) entry's name. */
export const OPA_SERVICE_NAME = "tollgate-registry";
/** The id of the key OPA checks the bundle's `.signatures.json` with. */
export const OPA_KEY_ID = "tollgate-release";

/** What the configuration names. */
export interface OpaConfigOptions {
  /** The registry's URL (`https://ghcr.io`, `http://127.0.0.1:5000`). */
  readonly serviceUrl: string;
  /** The bundle artifact's reference (`ghcr.io/org/policies:1.0.0`). */
  readonly resource: string;
  /** The RSA public key (PEM); absent when it is given at start-up (`--set-file keys.tollgate-release.key=opa.pub`). */
  readonly publicKeyPem?: string;
  /** The bundle's name; default {@link OPA_BUNDLE_NAME}. */
  readonly bundleName?: string;
  /** Polling delays in seconds; default 60 and 120. */
  readonly minDelaySeconds?: number;
  readonly maxDelaySeconds?: number;
  /** Where OPA keeps the pulled OCI blobs (its `persistence_directory`); default OPA's own. */
  readonly persistenceDirectory?: string;
  /** Turns on OPA's status plugin (reported on the console and at `/v1/status`). */
  readonly status?: boolean;
}

/**
 * An OPA configuration that pulls the bundle from an OCI registry (`services.<name>.type: oci`)
 * and refuses any bundle whose `.signatures.json` does not verify with the release's RSA key
 * (`bundles.<name>.signing.keyid`, `keys.<id>` with `algorithm: RS256`). OPA keeps serving the
 * last bundle that verified when a newer one does not, and starts with no policy (every query
 * undefined) until one does.
 *
 * @param o - the registry, reference, key and polling
 * @returns the configuration object (JSON, which OPA also reads as YAML)
 */
export function opaConfig(o: OpaConfigOptions): Record<string, unknown> {
  const name = o.bundleName ?? OPA_BUNDLE_NAME;
  return {
    services: { [OPA_SERVICE_NAME]: { url: o.serviceUrl, type: "oci" } },
    bundles: {
      [name]: {
        service: OPA_SERVICE_NAME,
        resource: o.resource,
        polling: { min_delay_seconds: o.minDelaySeconds ?? 60, max_delay_seconds: o.maxDelaySeconds ?? 120 },
        signing: { keyid: OPA_KEY_ID },
      },
    },
    keys: {
      [OPA_KEY_ID]: { algorithm: "RS256", ...(o.publicKeyPem !== undefined ? { key: o.publicKeyPem } : {}) },
    },
    ...(o.persistenceDirectory ? { persistence_directory: o.persistenceDirectory } : {}),
    ...(o.status ? { status: { console: true } } : {}),
  };
}
