import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Text kept per group (a rule, a namespace) on disk rather than in memory, for reports that
 * group what arrives in another order: each group's text is buffered a little, appended to a
 * file of its own, and read back in chunks when the report is written. Groups keep the order
 * they first appeared in.
 */
export class GroupSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), "tollgate-report-"));
  private readonly groups = new Map<string, { file: string; parts: string[]; size: number }>();

  /**
   * Adds text to a group.
   *
   * @param group - the group
   * @param text - the text
   */
  append(group: string, text: string): void {
    let g = this.groups.get(group);
    if (!g) {
      g = { file: join(this.dir, String(this.groups.size)), parts: [], size: 0 };
      this.groups.set(group, g);
    }
    g.parts.push(text);
    g.size += text.length;
    if (g.size >= 1 << 16) this.flush(g);
  }

  /** The groups, in the order they first appeared. */
  keys(): string[] {
    return [...this.groups.keys()];
  }

  /**
   * Hands a group's text on, in chunks.
   *
   * @param group - the group
   * @param write - where the chunks go
   */
  copy(group: string, write: (chunk: Uint8Array) => void): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.flush(g);
    let fd: number;
    try {
      fd = openSync(g.file, "r");
    } catch {
      return; // nothing was ever written for it
    }
    try {
      for (;;) {
        const chunk = Buffer.allocUnsafe(1 << 20);
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        write(chunk.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the files. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(g: { file: string; parts: string[]; size: number }): void {
    if (g.parts.length === 0) return;
    appendFileSync(g.file, g.parts.join(""));
    g.parts = [];
    g.size = 0;
  }
}
