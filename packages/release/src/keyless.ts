/** The OIDC issuer of GitHub Actions ID tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Keyless (Sigstore OIDC) signing: cosign gets a short-lived certificate from Fulcio for an OIDC
 * identity and logs the signature in Rekor. Verification names the identity and issuer that the
 * certificate must carry.
 */
export interface KeylessIdentity {
  /** Where the OIDC token comes from: GitHub Actions' ambient token, or `SIGSTORE_ID_TOKEN`. */
  readonly tokenSource: "github-actions" | "SIGSTORE_ID_TOKEN" | "none";
  /** A certificate authority of one's own in place of Sigstore's public instance (see {@link PrivateCertificateAuthority}). */
  readonly privateCa?: PrivateCertificateAuthority;
  /** The certificate identity (SAN) a verifier expects, when it is known exactly. */
  readonly identity?: string;
  /** A regular expression (Go syntax) for the certificate identity, when not known exactly. */
  readonly identityRegexp?: string;
  /** The OIDC issuer a verifier expects. */
  readonly issuer: string;
}

/**
 * A certificate authority of one's own standing in for Fulcio: certificates it issues carry the
 * identity (SAN) and OIDC issuer extensions as Fulcio's do, and verification trusts only it. Its
 * trusted root names no transparency or certificate-transparency log, so those checks are skipped
 * (cosign `--insecure-ignore-tlog --insecure-ignore-sct`): the certificate chain and identity are
 * what is checked. For a private Sigstore without logs, and for tests that cannot reach Sigstore.
 */
export interface PrivateCertificateAuthority {
  /** A Sigstore trusted root (JSON) naming the authority's certificate chain. */
  readonly trustedRoot: string;
  /** For signing: a cosign private key, its certificate from the authority, and the chain up to the root. */
  readonly signing?: { readonly key: string; readonly certificate: string; readonly chain: string };
}

/** Why keyless signing cannot start without an identity token. */
export const NO_OIDC_TOKEN_MESSAGE = [
  "keyless signing needs an OIDC identity token, and none is available: nothing was signed.",
  "In GitHub Actions, give the job `permissions: id-token: write` (cosign then reads",
  "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN); elsewhere set",
  "SIGSTORE_ID_TOKEN to an OIDC token for the sigstore audience. Or sign with a key: --key FILE.",
].join(" ");

function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) throw new Error("SIGSTORE_ID_TOKEN is not a JWT");
  try {
    return JSON.parse(
      Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"),
    ) as Record<string, unknown>;
  } catch {
    throw new Error("SIGSTORE_ID_TOKEN is not a JWT (its payload is not JSON)");
  }
}

/**
 * Whether the environment offers an OIDC identity token for keyless signing: GitHub Actions'
 * ambient token (a job with `permissions: id-token: write` has `ACTIONS_ID_TOKEN_REQUEST_URL`
 * and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) or an explicit `SIGSTORE_ID_TOKEN`.
 *
 * @param env - the environment
 * @returns the token's source, or "none"
 */
export function oidcTokenSource(env: NodeJS.ProcessEnv = process.env): KeylessIdentity["tokenSource"] {
  if (env["SIGSTORE_ID_TOKEN"]) return "SIGSTORE_ID_TOKEN";
  if (env["ACTIONS_ID_TOKEN_REQUEST_URL"] && env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]) return "github-actions";
  return "none";
}

/**
 * The keyless identity this environment signs as, for signing and for checking the result:
 * in GitHub Actions the workflow's identity (`https://github.com/<workflow ref>`, issued by
 * GitHub's OIDC provider); with `SIGSTORE_ID_TOKEN`, the token's own issuer and subject (or
 * email). Fails closed: with no token, it throws {@link NO_OIDC_TOKEN_MESSAGE} before anything
 * is built or signed.
 *
 * @param env - the environment
 * @returns the identity
 * @throws when no OIDC token is available
 */
export function keylessIdentityFromEnv(env: NodeJS.ProcessEnv = process.env): KeylessIdentity {
  const source = oidcTokenSource(env);
  if (source === "none") throw new Error(NO_OIDC_TOKEN_MESSAGE);
  if (source === "github-actions") {
    const server = env["GITHUB_SERVER_URL"] ?? "https://github.com";
    const workflowRef = env["GITHUB_WORKFLOW_REF"];
    return workflowRef
      ? { tokenSource: source, identity: `${server}/${workflowRef}`, issuer: GITHUB_ACTIONS_ISSUER }
      : {
          tokenSource: source,
          identityRegexp: `^${server.replace(/[.]/g, "\\.")}/`,
          issuer: GITHUB_ACTIONS_ISSUER,
        };
  }
  const claims = jwtClaims(env["SIGSTORE_ID_TOKEN"]!);
  const issuer = typeof claims["iss"] === "string" ? claims["iss"] : "";
  if (!issuer) throw new Error("SIGSTORE_ID_TOKEN has no issuer (iss) claim");
  if (issuer === GITHUB_ACTIONS_ISSUER && typeof claims["job_workflow_ref"] === "string") {
    return { tokenSource: source, identity: `https://github.com/${claims["job_workflow_ref"]}`, issuer };
  }
  const subject =
    typeof claims["email"] === "string"
      ? claims["email"]
      : typeof claims["sub"] === "string"
        ? claims["sub"]
        : "";
  if (!subject) throw new Error("SIGSTORE_ID_TOKEN has neither an email nor a sub claim");
  return { tokenSource: source, identity: subject, issuer };
}

/**
 * cosign's flags that name the expected keyless identity when verifying.
 *
 * @param id - the identity
 * @returns `--certificate-identity[-regexp] … --certificate-oidc-issuer …`
 */
export function keylessVerifyFlags(id: KeylessIdentity): string[] {
  const who =
    id.identity !== undefined
      ? ["--certificate-identity", id.identity]
      : ["--certificate-identity-regexp", id.identityRegexp ?? ".+"];
  const privateCa = id.privateCa
    ? [
        "--trusted-root",
        id.privateCa.trustedRoot,
        "--insecure-ignore-tlog=true",
        "--insecure-ignore-sct=true",
      ]
    : [];
  return [...who, "--certificate-oidc-issuer", id.issuer, ...privateCa];
}
