import { randomUUID } from "node:crypto";
import type { BuildContext } from "./build-context.js";

/** The SLSA v1 build type of a Tollgate release. */
export const BUILD_TYPE = "urn:tollgate:release:v1";

/** An in-toto Statement v1 with a SLSA v1 provenance predicate. */
export interface ProvenanceStatement {
  readonly _type: "https://in-toto.io/Statement/v1";
  readonly subject: { name: string; digest: { sha256: string } }[];
  readonly predicateType: "https://slsa.dev/provenance/v1";
  readonly predicate: Record<string, unknown>;
}

/**
 * The SLSA v1 provenance of a release: the given files as subjects (the manifest that binds every
 * file, and the archive); the build definition with the
 * source commit, parameters, tool and engine versions and resolved dependencies with digests;
 * run details with the builder id, invocation id and start and end times.
 *
 * @param files - the subjects: the release's manifest and its archive
 * @param ctx - the build context
 * @param run - version, parameters, start and end
 * @returns the statement
 */
export function slsaProvenance(
  files: readonly { readonly path: string; readonly sha256: string }[],
  ctx: BuildContext,
  run: {
    version: string;
    params: Record<string, unknown>;
    startedOn: Date;
    finishedOn: Date;
    development: boolean;
  },
): ProvenanceStatement {
  return {
    _type: "https://in-toto.io/Statement/v1",
    subject: files.map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })),
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          version: run.version,
          source: { uri: ctx.sourceUri, digest: { gitCommit: ctx.commit }, dirty: ctx.dirty },
          parameters: run.params,
        },
        internalParameters: {
          node: ctx.node,
          tools: Object.fromEntries(ctx.tools.map((t) => [t.name, t.version])),
          developmentSigningKey: run.development,
        },
        resolvedDependencies: [
          { uri: `${ctx.sourceUri}@${ctx.commit}`, digest: { gitCommit: ctx.commit } },
          ...ctx.tools.map((t) => ({
            uri: t.module ? `pkg:golang/${t.module}@${t.version}` : `tool:${t.name}@${t.version}`,
            name: t.name,
            digest: { sha256: t.sha256 },
          })),
          ...ctx.packages.map((p) => {
            const [algo, b64] = (p.integrity ?? "").split("-", 2);
            return {
              uri: `pkg:npm/${p.name}@${p.version}`,
              ...(algo && b64 ? { digest: { [algo]: Buffer.from(b64, "base64").toString("hex") } } : {}),
            };
          }),
        ],
      },
      runDetails: {
        builder: { id: ctx.builderId, version: { tollgate: run.version } },
        metadata: {
          invocationId: `urn:uuid:${randomUUID()}`,
          startedOn: run.startedOn.toISOString(),
          finishedOn: run.finishedOn.toISOString(),
        },
      },
    },
  };
}
