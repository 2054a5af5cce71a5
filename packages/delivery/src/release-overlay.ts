import { stringify } from "yaml";
import type { DeliveryOptions } from "./delivery-options.js";

/** The local-config ConfigMap an overlay names its release in (`url`, `tag`). */
export const RELEASE_CONFIG_MAP = "tollgate-release";

/** What every generated tag starts with until the release component rewrites it: the `TAG` of `TAG-<folder>`. */
export const TAG_PLACEHOLDER = "TAG";

/** The line every generated delivery file carries. */
export const GENERATED =
  "Written by `tollgate build` from the code that pushes releases: do not edit; see docs/deploy.md.";

/**
 * YAML documents under a comment header.
 *
 * @param header - comment lines, already prefixed
 * @param objects - the documents
 * @returns the file's text
 */
export function documents(header: string, objects: readonly Record<string, unknown>[]): string {
  return `${header}${objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n")}`;
}

/**
 * Comment lines (`# …`).
 *
 * @param lines - the text of each line
 * @returns the lines, each ending in a newline
 */
export function comment(lines: readonly string[]): string {
  return lines.map((l) => `# ${l}`.trimEnd()).join("\n") + "\n";
}

/** Where a GitOps tool's objects name the release. */
export interface ReleaseOverlayOptions {
  /** The folder of the tool's base (`deploy/flux`). */
  readonly dir: string;
  /** The kind that names the release (`OCIRepository`, `Application`). */
  readonly kind: string;
  /** Its field holding `oci://host/repo`. */
  readonly urlField: string;
  /** Its field holding `TAG-<folder>`. */
  readonly tagField: string;
  readonly options: DeliveryOptions;
  /** The key Secret the example replaces, when the tool verifies signatures. */
  readonly keySecret?: { readonly name: string; readonly namespace: string };
}

/**
 * The kustomize parts that set which release a base pulls, for one GitOps tool:
 * `<dir>/release/`, a Component whose replacements copy `url` and `tag` from the ConfigMap
 * {@link RELEASE_CONFIG_MAP} into every object of the kind (the tag into the `TAG` part of
 * `TAG-<folder>`); and `<dir>/example/`, an overlay to copy: the base (`<dir>/base/`), that ConfigMap (local to
 * kustomize, never applied), the component and, when the tool verifies, the key Secret made from
 * the overlay's `cosign.pub`. The values come from the overlay's own resources because a
 * component runs after them and before the overlay's patches.
 *
 * @param o - the tool's fields and the defaults
 * @returns files by path
 */
export function releaseOverlayFiles(o: ReleaseOverlayOptions): Map<string, string> {
  const from = (field: string): Record<string, unknown> => ({
    kind: "ConfigMap",
    name: RELEASE_CONFIG_MAP,
    fieldPath: `data.${field}`,
  });
  const files = new Map<string, string>();
  files.set(
    `${o.dir}/release/kustomization.yaml`,
    documents(
      comment([
        `Sets which release every ${o.kind} names, from the ConfigMap ${RELEASE_CONFIG_MAP} (url, tag)`,
        "that the overlay using this component provides (see ../example).",
        GENERATED,
      ]),
      [
        {
          apiVersion: "kustomize.config.k8s.io/v1alpha1",
          kind: "Component",
          replacements: [
            { source: from("url"), targets: [{ select: { kind: o.kind }, fieldPaths: [o.urlField] }] },
            {
              // `TAG-<folder>` becomes `<tag>-<folder>`: only the part before the first `-` is replaced.
              source: from("tag"),
              targets: [
                {
                  select: { kind: o.kind },
                  fieldPaths: [o.tagField],
                  options: { delimiter: "-", index: 0 },
                },
              ],
            },
          ],
        },
      ],
    ),
  );
  files.set(
    `${o.dir}/example/release.yaml`,
    documents(
      comment([
        "Which release the clusters pull: the repository given to `tollgate release --push` and its tag.",
        "Local to kustomize: the release component copies it, it is never applied.",
      ]),
      [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: {
            name: RELEASE_CONFIG_MAP,
            annotations: { "config.kubernetes.io/local-config": "true" },
          },
          data: { url: o.options.repositoryUrl, tag: o.options.tag },
        },
      ],
    ),
  );
  if (o.keySecret)
    files.set(
      `${o.dir}/example/cosign.pub`,
      comment([
        "Not a key: replace this file with the release's cosign public key (cosign.pub). Until",
        "then nothing verifies, and nothing is applied.",
      ]),
    );
  files.set(
    `${o.dir}/example/kustomization.yaml`,
    documents(
      comment([
        "An overlay to copy into the repository the clusters sync from: set the release in",
        `release.yaml${o.keySecret ? " and the key in cosign.pub" : ""}, and point the paths below at this`,
        "repository's deploy folder at the Tollgate version you use.",
      ]),
      [
        {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          resources: ["../base", "release.yaml"],
          components: ["../release"],
          ...(o.keySecret
            ? {
                secretGenerator: [
                  {
                    name: o.keySecret.name,
                    namespace: o.keySecret.namespace,
                    behavior: "replace",
                    files: ["cosign.pub"],
                    options: { disableNameSuffixHash: true },
                  },
                ],
              }
            : {}),
        },
      ],
    ),
  );
  return files;
}
