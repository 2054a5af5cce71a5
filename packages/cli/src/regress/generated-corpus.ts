import fc from "fast-check";
import { GENERATED_KINDS, manifestArbitrary } from "@tollgate/generators";
import type { ManifestDocument } from "@tollgate/manifest-loader";

/** A seeded generated corpus: `count` objects of every generated kind, from `seed`. */
export interface GeneratedCorpus {
  /** The fast-check seed. */
  readonly seed: number;
  /** Objects per kind. */
  readonly count: number;
}

/**
 * Parses `--generated SEED:COUNT`.
 *
 * @param text - the option's value
 * @returns the corpus
 */
export function parseGeneratedCorpus(text: string): GeneratedCorpus {
  const m = /^(-?\d+):(\d+)$/.exec(text.trim());
  const seed = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (
    !m ||
    !Number.isSafeInteger(seed) ||
    seed < -(2 ** 31) ||
    seed >= 2 ** 31 ||
    count < 1 ||
    count > 100_000
  ) {
    throw new Error(
      `--generated takes SEED:COUNT (a 32-bit seed and 1 to 100000 objects per kind), got "${text}"`,
    );
  }
  return { seed, count };
}

/**
 * The file name generated objects of a kind are reported under: `generated:SEED/Kind`. It is
 * not a path; each object is a document of it, numbered from 0.
 *
 * @param seed - the seed
 * @param kind - the kind
 * @returns the name
 */
export function generatedFileName(seed: number, kind: string): string {
  return `generated:${seed}/${kind}`;
}

/**
 * The objects of a generated corpus, kind after kind (in `GENERATED_KINDS` order), each from
 * `fc.sample(manifestArbitrary(kind), { seed, numRuns: count })`: the same seed gives the same
 * objects on every machine, and a larger count keeps the first objects. Each object is copied
 * through JSON, so it is exactly what a manifest file holding it would give.
 *
 * @param corpus - seed and count per kind
 * @returns the documents, one kind at a time
 */
export function* generatedDocuments(corpus: GeneratedCorpus): Generator<ManifestDocument> {
  for (const info of GENERATED_KINDS) {
    const file = generatedFileName(corpus.seed, info.kind);
    const objects = fc.sample(manifestArbitrary(info.kind), { seed: corpus.seed, numRuns: corpus.count });
    for (const [index, object] of objects.entries()) {
      yield {
        type: "document",
        file,
        index,
        line: 1,
        object: JSON.parse(JSON.stringify(object)) as Record<string, unknown>,
      };
    }
  }
}
