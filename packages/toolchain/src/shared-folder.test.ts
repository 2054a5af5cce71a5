import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repositoryRoot, sharedFolder, sharedPath, SHARED_FOLDER_ENV } from "./shared-folder.js";

describe("the shared folder", () => {
  const saved = process.env[SHARED_FOLDER_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SHARED_FOLDER_ENV];
    else process.env[SHARED_FOLDER_ENV] = saved;
  });

  it("finds the repository root from inside a package", () => {
    const root = repositoryRoot();
    expect(repositoryRoot(join(root, "packages", "toolchain", "src"))).toBe(root);
    expect(() => repositoryRoot(tmpdir())).toThrow(/no Tollgate repository/);
  });

  it("is shared/ beside the repository, or the folder $TOLLGATE_SHARED_DIR names", () => {
    delete process.env[SHARED_FOLDER_ENV];
    expect(sharedFolder()).toBe(join(repositoryRoot(), "..", "shared"));
    const dir = mkdtempSync(join(tmpdir(), "tollgate-shared-"));
    try {
      mkdirSync(join(dir, "anchors", "kyverno-policies"), { recursive: true });
      writeFileSync(join(dir, "anchors", "kyverno-policies", "x.yaml"), "kind: Test\n");
      process.env[SHARED_FOLDER_ENV] = dir;
      expect(sharedFolder()).toBe(dir);
      expect(sharedPath("anchors", "kyverno-policies", "x.yaml")).toBe(
        join(dir, "anchors", "kyverno-policies", "x.yaml"),
      );
      // A missing path fails with what to do, rather than leaving a test nothing to check.
      expect(() => sharedPath("anchors", "gatekeeper-library")).toThrow(
        /gatekeeper-library does not exist: .*TOLLGATE_SHARED_DIR/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
