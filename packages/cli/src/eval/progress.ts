/** A progress line on a terminal, shown only once a run has taken more than a second. */
export interface Progress {
  /** Reports how many objects are done. */
  update(count: number): void;
  /** Clears the line. */
  done(): void;
}

/**
 * A progress display on standard error when it is a terminal; silent when piped.
 *
 * @param stream - where to draw (standard error)
 * @param label - what is being counted
 * @returns the progress display
 */
export function createProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const start = Date.now();
  let last = 0;
  let shown = false;
  const enabled = stream.isTTY === true && !process.env["CI"];
  return {
    update(count) {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      const rate = Math.round((count * 1000) / (now - start));
      stream.write(`\r\u001b[2K${label}: ${count} objects (${rate}/s)`);
    },
    done() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
