/**
 * The size of V8's young-generation semi-spaces for evaluation: `eval` and `regress` allocate a
 * result per rule and object, short-lived but outliving the default 16 MB semi-spaces, so V8
 * would copy them out again and again. At 32 MB most of them die before they are copied
 * (bench/README.md has the figures); larger semi-spaces make evaluation no faster and only raise
 * peak memory, in every thread that evaluates.
 */
export const SEMI_SPACE_MB = 32;

/**
 * The young generation of a worker thread, whose limit is set for the whole generation (about
 * three semi-spaces).
 */
export const WORKER_YOUNG_GENERATION_MB = SEMI_SPACE_MB * 3;
