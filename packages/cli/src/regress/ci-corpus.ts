import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { sharedFolder } from "@tollgate/toolchain";
import type { GeneratedCorpus } from "./generated-corpus.js";

/** The CI regression corpus: the anchors, read in place, and a seeded generated corpus. */
export const CI_CORPUS: { readonly anchors: string; readonly generated: GeneratedCorpus } = {
  /** The anchors folder, as help text names it: `anchors/` of the shared folder (see `sharedFolder`). */
  anchors: "shared/anchors (beside the repository, or $TOLLGATE_SHARED_DIR/anchors)",
  /** 20 objects of every generated kind from a fixed seed. */
  generated: { seed: 20261128, count: 20 },
};

/**
 * The paths to read for the anchors of the CI corpus: the anchors folder itself, and every
 * `.kyverno-test` folder inside it (where kyverno/policies keeps its test resources; a folder
 * walk skips hidden folders, so each is given explicitly), sorted. The files stay where they
 * are: nothing is copied.
 *
 * @returns the paths
 */
export function ciCorpusPaths(): string[] {
  const anchors = join(sharedFolder(), "anchors");
  try {
    if (!statSync(anchors).isDirectory()) throw new Error("not a folder");
  } catch (e) {
    throw new Error(
      `the CI corpus reads the anchors in place from ${CI_CORPUS.anchors} (${anchors}): ${(e as Error).message}`,
    );
  }
  const hidden: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      if (!entry.isDirectory() || entry.name === ".git") continue;
      const path = join(dir, entry.name);
      if (entry.name === ".kyverno-test") hidden.push(path);
      walk(path);
    }
  };
  walk(anchors);
  return [anchors, ...hidden];
}
