import fc from "fast-check";
import type { V1EnvFromSource, V1EnvVar } from "@kubernetes/client-node";
import { dns1123SubdomainArbitrary } from "./names.js";
import { optional } from "./optional.js";
import { objectOf } from "./records.js";

const ENV_NAMES = [
  "DB_PASSWORD",
  "API_TOKEN",
  "AWS_SECRET_ACCESS_KEY",
  "LOG_LEVEL",
  "PORT",
  "HOME",
  "JAVA_OPTS",
  "POD_NAME",
  "NODE_ENV",
  "GOMAXPROCS",
] as const;
const KEYS = ["password", "token", "username", "config.yaml", "tls.crt", ".dockerconfigjson"] as const;

function keySelector(): fc.Arbitrary<{ name: string; key: string; optional?: boolean }> {
  return objectOf<{ name: string; key: string; optional?: boolean }>({
    name: dns1123SubdomainArbitrary(),
    key: fc.constantFrom(...KEYS),
    optional: optional(fc.boolean(), { weights: { absent: 6 } }),
  });
}

/**
 * One environment variable: a literal value, or a value from a Secret, a ConfigMap, a field or a resource.
 *
 * @returns an arbitrary of environment variables
 */
export function envVarArbitrary(): fc.Arbitrary<V1EnvVar> {
  const name = fc.oneof(fc.constantFrom(...ENV_NAMES), fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/));
  const valueFrom = fc.oneof(
    keySelector().map((secretKeyRef) => ({ secretKeyRef })),
    keySelector().map((configMapKeyRef) => ({ configMapKeyRef })),
    fc
      .constantFrom("metadata.name", "metadata.namespace", "spec.nodeName", "status.podIP")
      .map((fieldPath) => ({ fieldRef: { fieldPath } })),
    fc.constantFrom("limits.cpu", "requests.memory").map((resource) => ({ resourceFieldRef: { resource } })),
  );
  return fc.oneof(
    fc
      .tuple(
        name,
        fc.oneof(fc.constantFrom("", "info", "8080", "s3cr3t", "true"), fc.string({ maxLength: 20 })),
      )
      .map(([n, value]) => ({ name: n, value })),
    fc.tuple(name, valueFrom).map(([n, v]) => ({ name: n, valueFrom: v })),
  );
}

/**
 * Environment variables with distinct names.
 *
 * @returns an arbitrary of lists of variables
 */
export function envVarsArbitrary(): fc.Arbitrary<V1EnvVar[]> {
  return fc.uniqueArray(envVarArbitrary(), { selector: (e) => e.name, minLength: 1, maxLength: 4 });
}

/**
 * Sources of environment variables: whole Secrets or ConfigMaps, with an optional prefix.
 *
 * @returns an arbitrary of lists of sources
 */
export function envFromArbitrary(): fc.Arbitrary<V1EnvFromSource[]> {
  const source = fc
    .tuple(fc.boolean(), dns1123SubdomainArbitrary(), optional(fc.constantFrom("APP_", "DB_")))
    .map(([secret, name, prefix]) => {
      const ref = { name };
      const out: V1EnvFromSource = secret ? { secretRef: ref } : { configMapRef: ref };
      if (typeof prefix === "string") out.prefix = prefix;
      return out;
    });
  return fc.array(source, { minLength: 1, maxLength: 2 });
}
