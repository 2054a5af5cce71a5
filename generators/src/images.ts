import fc from "fast-check";

/**
 * An image reference as the distribution reference grammar has it: an optional registry (a
 * host with a dot, `localhost`, or any host with a port) and `/`, slash-separated lower-case path components, an optional
 * `:tag` and an optional `@sha256:` digest.
 */
export const IMAGE_REFERENCE_PATTERN =
  /^(?:(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+|localhost|\[[0-9a-fA-F:]+\])(?::[0-9]+)?|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9]+)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

const HEX = "0123456789abcdef".split("");
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".split("");

/** Well-known registries, including ones with a port and an account-specific host. */
const REGISTRIES = [
  "docker.io",
  "index.docker.io",
  "gcr.io",
  "ghcr.io",
  "quay.io",
  "registry.k8s.io",
  "public.ecr.aws",
  "mcr.microsoft.com",
  "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
  "europe-docker.pkg.dev",
  "registry.aibos.internal",
  "registry.gitlab.com",
] as const;

const REPOSITORY_WORDS = [
  "nginx",
  "redis",
  "postgres",
  "busybox",
  "alpine",
  "ubuntu",
  "library",
  "distroless",
  "static",
  "base",
  "app",
  "payments",
  "frontend",
  "team",
  "platform",
  "tools",
  "kube-proxy",
  "pause",
  "envoy",
  "grafana",
  "node_exporter",
  "my.app",
  "a__b",
] as const;

const TAGS = [
  "latest",
  "1.25",
  "1.25.3",
  "v1.2.3",
  "1.25.3-alpine",
  "stable",
  "nonroot",
  "debug",
  "3.19",
  "20240101",
  "sha-4f2a9c1",
  "v2.0.0-rc.1",
  "LATEST",
  "main",
] as const;

/**
 * A registry host: well-known, any domain, with or without a port, `localhost[:port]`, or an IPv4 address with a port.
 *
 * @returns an arbitrary of registry hosts
 */
export function registryArbitrary(): fc.Arbitrary<string> {
  const label = fc
    .tuple(
      fc.constantFrom(...LOWER_ALNUM),
      fc.string({ unit: fc.constantFrom(...LOWER_ALNUM, "-"), maxLength: 8 }),
      fc.constantFrom(...LOWER_ALNUM),
    )
    .map(([a, b, c]) => `${a}${b}${c}`);
  const port = fc.integer({ min: 1, max: 65535 });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...REGISTRIES), weight: 4 },
    {
      arbitrary: fc
        .tuple(label, fc.constantFrom("com", "io", "internal", "local", "net"))
        .map(([a, b]) => `${a}.${b}`),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...REGISTRIES, "registry.local"), port)
        .map(([h, p]) => `${h}:${p}`),
      weight: 2,
    },
    { arbitrary: fc.constantFrom("localhost", "localhost:5000", "localhost:32000"), weight: 1 },
    {
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 254 }), port).map(([n, p]) => `10.0.0.${n}:${p}`),
      weight: 1,
    },
  );
}

/** One path component: lower-case alphanumerics, joined by `.`, `_`, `__` or dashes. */
function pathComponentArbitrary(): fc.Arbitrary<string> {
  const run = fc.string({ unit: fc.constantFrom(...LOWER_ALNUM), minLength: 1, maxLength: 8 });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...REPOSITORY_WORDS), weight: 3 },
    { arbitrary: run, weight: 1 },
    {
      arbitrary: fc
        .tuple(run, fc.constantFrom(".", "_", "__", "-", "--"), run)
        .map(([a, s, b]) => `${a}${s}${b}`),
      weight: 1,
    },
  );
}

/**
 * A repository path (`nginx`, `library/nginx`, `team/app/api`).
 *
 * @returns an arbitrary of repository paths
 */
export function repositoryArbitrary(): fc.Arbitrary<string> {
  return fc.array(pathComponentArbitrary(), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
}

/**
 * A tag: realistic (`latest`, `1.25.3-alpine`) or random (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`).
 *
 * @returns an arbitrary of tags
 */
export function tagArbitrary(): fc.Arbitrary<string> {
  const word = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_".split("");
  return fc.oneof(
    { arbitrary: fc.constantFrom(...TAGS), weight: 4 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(...word),
          fc.string({ unit: fc.constantFrom(...word, ".", "-"), maxLength: 20 }),
        )
        .map(([a, b]) => a + b),
      weight: 1,
    },
  );
}

/**
 * A digest: `sha256:` and 64 hexadecimal digits.
 *
 * @returns an arbitrary of digests
 */
export function digestArbitrary(): fc.Arbitrary<string> {
  return fc
    .string({ unit: fc.constantFrom(...HEX), minLength: 64, maxLength: 64 })
    .map((hex) => `sha256:${hex}`);
}

/**
 * A realistic image reference: with or without a registry (with a port, `localhost`, an IP),
 * one to three path components, and a tag, a digest, both, or neither.
 *
 * @returns an arbitrary of image references
 */
export function imageReferenceArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof({ arbitrary: fc.constant(""), weight: 2 }, { arbitrary: registryArbitrary(), weight: 3 }),
      repositoryArbitrary(),
      fc.oneof({ arbitrary: fc.constant(""), weight: 1 }, { arbitrary: tagArbitrary(), weight: 3 }),
      fc.oneof({ arbitrary: fc.constant(""), weight: 3 }, { arbitrary: digestArbitrary(), weight: 1 }),
    )
    .map(([registry, repository, tag, digest]) => {
      // Without a registry, a first component that looks like a host would be read as one.
      const repo =
        registry === ""
          ? repository.replace(/^[^/]*[.:][^/]*\//, "").replace(/^localhost\//, "")
          : repository;
      return `${registry ? `${registry}/` : ""}${repo}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
    });
}
