import { isLoopbackRegistry, parseOciReference } from "./oci-reference.js";

/** What an OPA server needs to pull the Tollgate bundle from a registry. */
export interface OpaOciConfigOptions {
  /** The bundle artifact's reference (`127.0.0.1:5000/tollgate/policies:0.1.0`). */
  readonly ref: string;
  /** The RSA public key (PEM) that OPA checks the bundle's `.signatures.json` with. */
  readonly publicKeyPem: string;
  /** The bundle's name in OPA's configuration and status; default `tollgate`. */
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
 * An OPA configuration (JSON, which OPA also reads as YAML) that pulls the Tollgate bundle from
 * an OCI registry (`services.<name>.type: oci`; plain `http://` only for a loopback registry)
 * and refuses any bundle whose `.signatures.json` does not verify with the release's RSA key
 * (`bundles.<name>.signing.keyid`, `keys.<id>` with `algorithm: RS256`). OPA keeps serving the
 * last bundle that verified when a newer one does not.
 *
 * @param o - the reference, key and polling
 * @returns the configuration object (`JSON.stringify` it into `--config-file`)
 */
export function opaOciConfig(o: OpaOciConfigOptions): Record<string, unknown> {
  const parsed = parseOciReference(o.ref);
  const name = o.bundleName ?? "tollgate";
  const scheme = isLoopbackRegistry(parsed.registry) ? "http" : "https";
  return {
    services: { "tollgate-registry": { url: `${scheme}://${parsed.registry}`, type: "oci" } },
    bundles: {
      [name]: {
        service: "tollgate-registry",
        resource: o.ref,
        polling: { min_delay_seconds: o.minDelaySeconds ?? 60, max_delay_seconds: o.maxDelaySeconds ?? 120 },
        signing: { keyid: "tollgate-release" },
      },
    },
    keys: { "tollgate-release": { algorithm: "RS256", key: o.publicKeyPem } },
    ...(o.persistenceDirectory ? { persistence_directory: o.persistenceDirectory } : {}),
    ...(o.status ? { status: { console: true } } : {}),
  };
}
