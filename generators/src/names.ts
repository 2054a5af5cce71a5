import fc from "fast-check";

/** A DNS-1123 label (RFC 1123): lower-case alphanumerics and `-`, at most 63 characters. */
export const DNS1123_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
export const DNS1123_SUBDOMAIN_PATTERN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1035 label (Service names): like a DNS-1123 label, but starting with a letter. */
export const DNS1035_LABEL_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A label or annotation key: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters. */
export const LABEL_KEY_PATTERN =
  /^((?=.{1,253}\/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label value: empty, or at most 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. */
export const LABEL_VALUE_PATTERN = /^((?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** An IANA service name (named ports): at most 15 characters, at least one letter, no `--`. */
export const PORT_NAME_PATTERN = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const DIGITS = "0123456789".split("");
const ALNUM = [...LOWER, ...DIGITS];

/** Words real manifests use for names. */
const WORDS = [
  "web",
  "api",
  "app",
  "nginx",
  "redis",
  "postgres",
  "frontend",
  "backend",
  "worker",
  "payments",
  "auth",
  "gateway",
  "cache",
  "db",
  "metrics",
  "logging",
  "agent",
  "proxy",
  "queue",
  "scheduler",
  "controller",
  "operator",
  "sidecar",
  "init",
  "migrate",
  "checkout",
  "search",
  "billing",
];

const word = fc.constantFrom(...WORDS);
const alnumRun = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: max });

/** A random DNS-1123 label of 1 to `max` characters (not only realistic words). */
function randomLabel(max: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...ALNUM),
      fc.string({ unit: fc.constantFrom(...ALNUM, "-"), maxLength: Math.max(0, max - 2) }),
      fc.constantFrom(...ALNUM),
    )
    .map(([first, middle, last]) =>
      (middle.length === 0 && max >= 1 ? first : `${first}${middle}${last}`).slice(0, max),
    )
    .map((s) => s.replace(/-+$/, "") || "a");
}

/**
 * A DNS-1123 label: mostly realistic (`web`, `payments-7f9c`), sometimes random, sometimes
 * the full 63 characters.
 *
 * @returns an arbitrary of labels
 */
export function dns1123LabelArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: word, weight: 3 },
    { arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}-${b}`), weight: 3 },
    { arbitrary: fc.tuple(word, alnumRun(1, 6)).map(([a, b]) => `${a}-${b}`), weight: 3 },
    { arbitrary: randomLabel(20), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...LOWER), alnumRun(62, 62)).map(([a, b]) => a + b), weight: 1 },
  );
}

/**
 * A DNS-1035 label (a Service name): a DNS-1123 label that starts with a letter.
 *
 * @returns an arbitrary of labels
 */
export function dns1035LabelArbitrary(): fc.Arbitrary<string> {
  return dns1123LabelArbitrary().map((s) => (/^[a-z]/.test(s) ? s : `s${s}`.slice(0, 63).replace(/-+$/, "")));
}

/**
 * A DNS-1123 subdomain: a label, or two or three labels joined with dots.
 *
 * @returns an arbitrary of subdomains
 */
export function dns1123SubdomainArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: dns1123LabelArbitrary(), weight: 4 },
    {
      arbitrary: fc
        .array(fc.oneof(word, randomLabel(10)), { minLength: 2, maxLength: 3 })
        .map((parts) => parts.join(".")),
      weight: 1,
    },
  );
}

/** DNS names of organisations, for label prefixes, hosts and registries. */
export const DOMAIN_NAMES = [
  "example.com",
  "app.kubernetes.io",
  "kubernetes.io",
  "k8s.io",
  "helm.sh",
  "acme.io",
  "corp.internal",
  "policies.kyverno.io",
  "argocd.argoproj.io",
  "prometheus.io",
] as const;

/**
 * A DNS domain with at least one dot (`api.example.com`).
 *
 * @returns an arbitrary of domains
 */
export function domainNameArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...DOMAIN_NAMES),
    fc.tuple(fc.oneof(word, randomLabel(12)), fc.constantFrom(...DOMAIN_NAMES)).map(([a, b]) => `${a}.${b}`),
  );
}

/** The name part of a label key: alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
function labelNameArbitrary(): fc.Arbitrary<string> {
  const mixed = fc
    .tuple(
      fc.constantFrom(..."aZ09".split(""), ...ALNUM),
      fc.string({ unit: fc.constantFrom(...ALNUM, "A", "Q", "-", "_", "."), maxLength: 12 }),
      fc.constantFrom(...ALNUM),
    )
    .map(([a, b, c]) => `${a}${b}${c}`);
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "app",
        "name",
        "version",
        "component",
        "part-of",
        "managed-by",
        "team",
        "tier",
        "env",
        "owner",
        "instance",
      ),
      weight: 4,
    },
    { arbitrary: mixed, weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(...LOWER), alnumRun(62, 62)).map(([a, b]) => a + b), weight: 1 },
  );
}

/**
 * A label or annotation key: `app`, `app.kubernetes.io/name`, `team`, and random valid keys.
 *
 * @returns an arbitrary of keys
 */
export function labelKeyArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: labelNameArbitrary(), weight: 3 },
    {
      arbitrary: fc.tuple(domainNameArbitrary(), labelNameArbitrary()).map(([p, n]) => `${p}/${n}`),
      weight: 3,
    },
  );
}

/**
 * A label value: empty, realistic (`v1.2.3`, `prod`), or random valid.
 *
 * @returns an arbitrary of values
 */
export function labelValueArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "",
        "prod",
        "staging",
        "dev",
        "v1",
        "1.2.3",
        "true",
        "false",
        "platform",
        "team-a",
        "Backend_01",
      ),
      weight: 3,
    },
    { arbitrary: dns1123LabelArbitrary(), weight: 2 },
    { arbitrary: labelNameArbitrary(), weight: 1 },
  );
}

/**
 * An annotation value: any string (annotations are not validated beyond total size).
 *
 * @returns an arbitrary of values
 */
export function annotationValueArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "",
      "true",
      "false",
      "runtime/default",
      "docker/default",
      "unconfined",
      "localhost/profile",
      "nginx",
      '{"a":1}',
      "10",
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 10 }),
  );
}

/**
 * A named port (IANA service name): `http`, `grpc`, `metrics`, or random valid.
 *
 * @returns an arbitrary of port names
 */
export function portNameArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("http", "https", "grpc", "metrics", "web", "admin", "dns", "dns-tcp", "tcp-9000", "h2c"),
    fc.tuple(fc.constantFrom(...LOWER), alnumRun(0, 6)).map(([a, b]) => a + b),
  );
}
