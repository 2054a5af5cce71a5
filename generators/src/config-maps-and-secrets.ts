import fc from "fast-check";
import type { V1ConfigMap, V1Secret } from "@kubernetes/client-node";
import { manifestOf } from "./manifest-shape.js";
import type { GeneratorOptions } from "./options.js";
import { optional } from "./optional.js";
import { mapOf } from "./records.js";

/** Keys of ConfigMap and Secret data: alphanumerics, `-`, `_`, `.`. */
const DATA_KEYS = [
  "config.yaml",
  "app.properties",
  "LOG_LEVEL",
  "password",
  "username",
  "token",
  "ca.crt",
  "settings.json",
] as const;

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

const dataValue = fc.oneof(
  fc.constantFrom("", "true", "debug", "key: value\n", '{"a":1}'),
  fc.string({ maxLength: 30 }),
);

/**
 * A ConfigMap: string data, sometimes binary data, sometimes immutable.
 *
 * @param options - the rule bias
 * @returns an arbitrary of ConfigMaps
 */
export function configMapArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1ConfigMap> {
  return manifestOf<V1ConfigMap>(
    "ConfigMap",
    {
      data: optional(mapOf(fc.constantFrom(...DATA_KEYS), dataValue, { minLength: 1, maxLength: 3 }), {
        empty: {},
      }),
      binaryData: optional(
        fc.constant(null).map(() => ({ "blob.bin": base64("\u0000\u0001binary") })),
        { weights: { absent: 8 } },
      ),
      immutable: optional(fc.boolean(), { weights: { absent: 6 } }),
    },
    options,
  );
}

/** A Secret type with the data keys the API requires for it. */
function typedSecretData(): fc.Arbitrary<{ type: string; data: Record<string, string> }> {
  const secret = fc.string({ minLength: 1, maxLength: 20 });
  return fc.oneof(
    mapOf(fc.constantFrom(...DATA_KEYS), secret.map(base64), { maxLength: 3 }).map((data) => ({
      type: "Opaque",
      data,
    })),
    fc.tuple(secret, secret).map(([crt, key]) => ({
      type: "kubernetes.io/tls",
      data: { "tls.crt": base64(crt), "tls.key": base64(key) },
    })),
    fc.tuple(secret, secret).map(([username, password]) => ({
      type: "kubernetes.io/basic-auth",
      data: { username: base64(username), password: base64(password) },
    })),
    fc.constantFrom("registry.aibos.internal", "ghcr.io").map((registry) => ({
      type: "kubernetes.io/dockerconfigjson",
      data: {
        ".dockerconfigjson": base64(JSON.stringify({ auths: { [registry]: { auth: base64("user:pass") } } })),
      },
    })),
  );
}

/**
 * A Secret: Opaque, TLS, basic-auth or docker-config, with base64 data (the keys each type requires).
 *
 * @param options - the rule bias
 * @returns an arbitrary of Secrets
 */
export function secretArbitrary(options: GeneratorOptions = {}): fc.Arbitrary<V1Secret> {
  // The type and its data are drawn together, then split into the two fields.
  return manifestOf<V1Secret & { typed?: { type: string; data: Record<string, string> } }>(
    "Secret",
    { typed: typedSecretData(), immutable: optional(fc.boolean(), { weights: { absent: 6 } }) },
    options,
    {
      finish: ({ typed, ...secret }) => (typed ? { ...secret, type: typed.type, data: typed.data } : secret),
    },
  );
}
