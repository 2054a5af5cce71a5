/**
 * The size of V8's young-generation semi-spaces for evaluation: `eval` and `regress` allocate a
 * result per rule and object, short-lived but outliving the default 16 MB semi-spaces, so V8
 * copies them out again and again; at 64 MB a run takes about a quarter less CPU time (measured
 * in bench/README.md).
 */
export const SEMI_SPACE_MB = 64;

/** The same for a worker thread, whose limit is set as the whole young generation (three semi-spaces). */
export const WORKER_YOUNG_GENERATION_MB = SEMI_SPACE_MB * 3;
