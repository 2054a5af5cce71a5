/** The exit status of a Unix tool killed by SIGPIPE (128 + 13): what a shell reports when the reader stopped reading. */
export const CLOSED_OUTPUT_EXIT = 141;

/**
 * Ends the process quietly, with {@link CLOSED_OUTPUT_EXIT}, when the reader of the stream goes
 * away (`tollgate eval … | head`): Node ignores SIGPIPE, and an unhandled EPIPE would otherwise
 * crash with a stack trace. The status stays non-zero: the report was not delivered whole.
 *
 * @param stream - standard output
 * @param exit - ends the process with a status
 */
export function exitQuietlyWhenOutputCloses(
  stream: NodeJS.WritableStream,
  exit: (code: number) => never,
): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") exit(CLOSED_OUTPUT_EXIT);
    throw e;
  });
}
