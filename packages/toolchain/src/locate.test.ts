import { describe, expect, it } from "vitest";
import { locateTool } from "./locate.js";
import { requireTool } from "./require-tool.js";
import { runCommand } from "./run-command.js";
import { TOOLS } from "./tools.js";

describe("every pinned engine and tool is installed and answers its version command", () => {
  for (const spec of TOOLS) {
    it(`${spec.name} ${spec.version}`, async () => {
      const path = await requireTool(spec.name);
      const located = await locateTool(spec);
      expect(located?.path).toBe(path);
      if (spec.versionArgs) {
        const r = await runCommand(path, spec.versionArgs);
        expect(r.code, r.stderr).toBe(0);
      }
      expect(located?.versionLine).toContain(spec.version.replace(/^v/, ""));
      // The version comes from what the binary says about itself, never from its folder's name.
      expect(located?.versionLine).not.toContain(path);
    });
  }
});
