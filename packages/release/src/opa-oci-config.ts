import { opaConfig, type OpaConfigOptions } from "@tollgate/delivery";
import { isLoopbackRegistry, parseOciReference } from "./oci-reference.js";

/** What an OPA server needs to pull the Tollgate bundle from a registry. */
export interface OpaOciConfigOptions extends Omit<
  OpaConfigOptions,
  "serviceUrl" | "resource" | "publicKeyPem"
> {
  /** The bundle artifact's reference (`127.0.0.1:5000/tollgate/policies:0.1.0`). */
  readonly ref: string;
  /** The RSA public key (PEM) that OPA checks the bundle's `.signatures.json` with. */
  readonly publicKeyPem: string;
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
  const scheme = isLoopbackRegistry(parsed.registry) ? "http" : "https";
  return opaConfig({ ...o, serviceUrl: `${scheme}://${parsed.registry}`, resource: o.ref });
}
