import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cosignSignImage } from "./cosign-cli.js";
import {
  GITHUB_ACTIONS_ISSUER,
  keylessIdentityFromEnv,
  keylessVerifyFlags,
  NO_OIDC_TOKEN_MESSAGE,
  oidcTokenSource,
} from "./keyless.js";
import { keylessSigningKeys } from "./signing-keys.js";

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.c2ln`;
}

describe("keyless signing", () => {
  it("finds an OIDC token only where one is: GitHub Actions' ambient token or SIGSTORE_ID_TOKEN", () => {
    expect(oidcTokenSource({})).toBe("none");
    expect(oidcTokenSource({ ACTIONS_ID_TOKEN_REQUEST_URL: "https://x" })).toBe("none");
    expect(
      oidcTokenSource({ ACTIONS_ID_TOKEN_REQUEST_URL: "https://x", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" }),
    ).toBe("github-actions");
    expect(oidcTokenSource({ SIGSTORE_ID_TOKEN: "a.b.c" })).toBe("SIGSTORE_ID_TOKEN");
  });

  it("fails closed without a token, saying how to get one, before any key or file is touched", () => {
    expect(() => keylessIdentityFromEnv({})).toThrow(NO_OIDC_TOKEN_MESSAGE);
    expect(NO_OIDC_TOKEN_MESSAGE).toMatch(/id-token: write/);
    expect(NO_OIDC_TOKEN_MESSAGE).toMatch(/nothing was signed/);
    expect(() => keylessSigningKeys("/nonexistent/opa.key", {})).toThrow(NO_OIDC_TOKEN_MESSAGE);
  });

  it("names the identity a verifier must expect: the GitHub workflow, or the token's subject", () => {
    const gh = keylessIdentityFromEnv({
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://x",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_WORKFLOW_REF: "acme/tollgate/.github/workflows/release.yaml@refs/tags/v0.1.0",
    });
    expect(gh).toEqual({
      tokenSource: "github-actions",
      identity: "https://github.com/acme/tollgate/.github/workflows/release.yaml@refs/tags/v0.1.0",
      issuer: GITHUB_ACTIONS_ISSUER,
    });
    expect(keylessVerifyFlags(gh)).toEqual([
      "--certificate-identity",
      gh.identity,
      "--certificate-oidc-issuer",
      GITHUB_ACTIONS_ISSUER,
    ]);
    expect(
      keylessIdentityFromEnv({
        SIGSTORE_ID_TOKEN: jwt({ iss: "https://accounts.example.com", email: "releaser@example.com" }),
      }),
    ).toEqual({
      tokenSource: "SIGSTORE_ID_TOKEN",
      identity: "releaser@example.com",
      issuer: "https://accounts.example.com",
    });
    expect(
      keylessIdentityFromEnv({
        SIGSTORE_ID_TOKEN: jwt({
          iss: GITHUB_ACTIONS_ISSUER,
          job_workflow_ref: "acme/t/.github/workflows/release.yaml@refs/heads/main",
        }),
      }).identity,
    ).toBe("https://github.com/acme/t/.github/workflows/release.yaml@refs/heads/main");
    expect(() => keylessIdentityFromEnv({ SIGSTORE_ID_TOKEN: "not-a-jwt" })).toThrow(/not a JWT/);
    expect(() => keylessIdentityFromEnv({ SIGSTORE_ID_TOKEN: jwt({ sub: "x" }) })).toThrow(/no issuer/);
  });

  it("keyless release keys still need OPA's RSA key, with its public half", () => {
    const env = { SIGSTORE_ID_TOKEN: jwt({ iss: "https://issuer.example", sub: "me" }) };
    expect(() => keylessSigningKeys(undefined, env)).toThrow(/--opa-key/);
    const dir = mkdtempSync(join(tmpdir(), "tollgate-keyless-"));
    writeFileSync(join(dir, "opa.key"), "k");
    try {
      expect(() => keylessSigningKeys(join(dir, "opa.key"), env)).toThrow(/public key .*opa\.pub is missing/);
      writeFileSync(join(dir, "opa.pub"), "p");
      expect(keylessSigningKeys(join(dir, "opa.key"), env)).toMatchObject({
        keyless: { identity: "me", issuer: "https://issuer.example" },
        opaPub: join(dir, "opa.pub"),
        development: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs OCI artifacts only by digest, never by tag", async () => {
    await expect(
      cosignSignImage({ key: "/nonexistent" }, "127.0.0.1:5000/tollgate/policies:0.1.0"),
    ).rejects.toThrow(/sign by digest/);
  });
});
