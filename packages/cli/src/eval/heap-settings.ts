/**
 * The size of V8's young-generation semi-spaces for evaluation: `eval` and `regress` allocate a
 * result per rule and object, short-lived but outliving the default 16 MB semi-spaces, so V8
 * copies them out again and again. 32 MB takes most of that cost away (bench/README.md); 64 MB
 * measured no faster on this machine and added up to 150 MB of peak memory.
 */
export const SEMI_SPACE_MB = 32;

/**
 * The young generation of a worker thread, whose limit is set for the whole generation (about
 * three semi-spaces).
 */
export const WORKER_YOUNG_GENERATION_MB = SEMI_SPACE_MB * 3;
