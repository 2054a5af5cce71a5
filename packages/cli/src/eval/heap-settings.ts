/**
 * The size of V8's young-generation semi-spaces for evaluation: `eval` and `regress` allocate a
 * result per rule and object, short-lived but outliving the default 16 MB semi-spaces, so V8
 * copies them out again and again; at 64 MB a run takes about a quarter less CPU time (measured
 * in bench/README.md).
 */
export const SEMI_SPACE_MB = 64;

/**
 * The young generation of a worker thread (its limit is set for the whole generation, about three
 * semi-spaces): smaller than the main thread's, since several threads hold one each and peak memory
 * stays under 500 MB (bench/README.md).
 */
export const WORKER_YOUNG_GENERATION_MB = 96;
