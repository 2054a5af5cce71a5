/**
 * A throw-away OCI registry for tests: the Debian `docker-registry` on 127.0.0.1, on a free
 * port, with temporary storage.
 *
 * @example
 * ```ts
 * import { withRegistry } from "@tollgate/oci-registry";
 * await withRegistry(async (registry) => {
 *   console.log(`push to ${registry.host}/demo:1`);
 * });
 * ```
 * @packageDocumentation
 */
export { startRegistry, withRegistry, type RunningRegistry, type StartRegistryOptions } from "./registry.js";
export { findFreePort } from "@tollgate/toolchain";
