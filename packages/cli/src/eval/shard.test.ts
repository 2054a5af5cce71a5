import { describe, expect, it } from "vitest";
import { inShard, parseShard, shardSlotOf, stableFileId } from "./shard.js";

describe("shards", () => {
  it("parse I/N, 1-based, and refuse anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1", "-1/2"])
      expect(() => parseShard(bad), bad).toThrow(/--shard takes I\/N/);
  });

  it("partition documents: each in exactly one shard, the shards near even, the same every time", () => {
    const keys = Array.from({ length: 3000 }, (_, i) => ({
      file: `dir/f${i % 97}.yaml`,
      document: Math.floor(i / 97),
    }));
    const n = 4;
    const sizes = Array.from({ length: n }, () => 0);
    for (const k of keys) {
      const owners = Array.from({ length: n }, (_, i) => i + 1).filter((i) =>
        inShard({ index: i, count: n }, k.file, k.document),
      );
      expect(owners).toHaveLength(1);
      sizes[owners[0]! - 1]! += 1;
      expect(shardSlotOf(k.file, k.document, n)).toBe(owners[0]! - 1);
    }
    for (const s of sizes) expect(s).toBeGreaterThan(3000 / n / 1.3);
    expect(inShard(undefined, "x", 0)).toBe(true);
  });

  it("key files relative to a root with / separators; stdin and generated names as they are", () => {
    expect(stableFileId("/repo/a/b.yaml", "/repo")).toBe("a/b.yaml");
    expect(stableFileId("/shared/anchors/x.yaml", "/repo")).toBe("../shared/anchors/x.yaml");
    expect(stableFileId("-", "/repo")).toBe("-");
    expect(stableFileId("generated:7/Pod", "/repo")).toBe("generated:7/Pod");
  });

  it("names files of a shared folder elsewhere ($TOLLGATE_SHARED_DIR) as if it sat beside the repository", () => {
    const saved = process.env["TOLLGATE_SHARED_DIR"];
    process.env["TOLLGATE_SHARED_DIR"] = "/mnt/elsewhere";
    try {
      expect(stableFileId("/mnt/elsewhere/anchors/x.yaml", "/repo")).toBe("../shared/anchors/x.yaml");
      expect(stableFileId("/mnt/other/x.yaml", "/repo")).toBe("../mnt/other/x.yaml");
    } finally {
      if (saved === undefined) delete process.env["TOLLGATE_SHARED_DIR"];
      else process.env["TOLLGATE_SHARED_DIR"] = saved;
    }
  });
});
