import { describe, expect, it } from "vitest";
import { releaseTagOf } from "./oci-layout.js";
import {
  isLoopbackRegistry,
  looksLikeOciReference,
  parseOciReference,
  withDigest,
  withTag,
} from "./oci-reference.js";
import { opaOciConfig } from "./opa-oci-config.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("OCI references", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseOciReference("127.0.0.1:5000/tollgate/policies:0.1.0")).toEqual({
      registry: "127.0.0.1:5000",
      repository: "tollgate/policies",
      tag: "0.1.0",
    });
    expect(parseOciReference(`ghcr.io/org/policies@${DIGEST}`)).toEqual({
      registry: "ghcr.io",
      repository: "org/policies",
      digest: DIGEST,
    });
    expect(parseOciReference(`localhost/p:t@${DIGEST}`)).toEqual({
      registry: "localhost",
      repository: "p",
      tag: "t",
      digest: DIGEST,
    });
    const ref = parseOciReference("127.0.0.1:5000/tollgate/policies:0.1.0");
    expect(withTag(ref, releaseTagOf("0.1.0"))).toBe("127.0.0.1:5000/tollgate/policies:0.1.0-release");
    expect(withDigest(ref, DIGEST)).toBe(`127.0.0.1:5000/tollgate/policies@${DIGEST}`);
  });

  it("refuses references without a registry, a tag or digest, or with bad parts, naming what is wrong", () => {
    expect(() => parseOciReference("library/nginx:1")).toThrow(/not a registry host/);
    expect(() => parseOciReference("nginx:1")).toThrow(/with a registry/);
    expect(() => parseOciReference("ghcr.io/org/policies")).toThrow(/give a tag or a digest/);
    expect(() => parseOciReference("ghcr.io/Org/policies:1")).toThrow(/invalid repository/);
    expect(() => parseOciReference("ghcr.io/org/policies@sha256:abc")).toThrow(/invalid digest/);
    expect(() => parseOciReference("ghcr.io/org/policies:-bad")).toThrow(/invalid tag/);
    expect(looksLikeOciReference("dist/release/tollgate-0.1.0")).toBe(false);
    expect(looksLikeOciReference("./release")).toBe(false);
    expect(looksLikeOciReference("127.0.0.1:5000/tollgate/policies:0.1.0")).toBe(true);
  });

  it("speaks plain HTTP only to loopback registries", () => {
    for (const r of ["127.0.0.1:5000", "127.1.2.3", "localhost:5000", "localhost", "[::1]:5000"])
      expect(isLoopbackRegistry(r), r).toBe(true);
    for (const r of [
      "ghcr.io",
      "registry.example.com:5000",
      "10.0.0.1:5000",
      "127.0.0.1.nip.io",
      "localhost.evil.io",
    ])
      expect(isLoopbackRegistry(r), r).toBe(false);
  });

  it("configures OPA to pull the bundle as an OCI service and to check its RS256 signature", () => {
    const config = opaOciConfig({
      ref: "127.0.0.1:5000/tollgate/policies:0.1.0",
      publicKeyPem: "PEM",
      minDelaySeconds: 1,
      maxDelaySeconds: 2,
    });
    expect(config).toEqual({
      services: { "tollgate-registry": { url: "http://127.0.0.1:5000", type: "oci" } },
      bundles: {
        tollgate: {
          service: "tollgate-registry",
          resource: "127.0.0.1:5000/tollgate/policies:0.1.0",
          polling: { min_delay_seconds: 1, max_delay_seconds: 2 },
          signing: { keyid: "tollgate-release" },
        },
      },
      keys: { "tollgate-release": { algorithm: "RS256", key: "PEM" } },
    });
    const remote = opaOciConfig({ ref: "ghcr.io/org/policies:1", publicKeyPem: "PEM" }) as {
      services: Record<string, { url: string }>;
    };
    expect(remote.services["tollgate-registry"]!.url).toBe("https://ghcr.io");
  });
});
