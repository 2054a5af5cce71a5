import { describe, expect, it } from "vitest";
import { GroupSpool } from "./group-spool.js";

describe("GroupSpool", () => {
  it("gives back each group's text in order, groups in the order they first appeared, through files", () => {
    const spool = new GroupSpool();
    try {
      const big = "x".repeat(70_000);
      spool.append("b", "b1,");
      spool.append("a", "a1,");
      spool.append("b", big);
      spool.append("b", "b3");
      expect(spool.keys()).toEqual(["b", "a"]);
      const read = (g: string) => {
        const chunks: Buffer[] = [];
        spool.copy(g, (c) => chunks.push(Buffer.from(c)));
        return Buffer.concat(chunks).toString("utf8");
      };
      expect(read("b")).toBe(`b1,${big}b3`);
      expect(read("a")).toBe("a1,");
      expect(read("missing")).toBe("");
    } finally {
      spool.dispose();
    }
  });
});
