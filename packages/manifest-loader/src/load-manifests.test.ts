import { chmod, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifests } from "./load-manifests.js";
import type { LoadOptions } from "./load-options.js";
import type { ManifestItem } from "./manifest-item.js";

let root = "";
const object = (kind: string): string => `apiVersion: v1\nkind: ${kind}\n`;

async function collect(paths: readonly string[], options?: LoadOptions): Promise<ManifestItem[]> {
  const items: ManifestItem[] = [];
  for await (const item of loadManifests(paths, options)) items.push(item);
  return items;
}

/** Items as `file kind` or `file error: message`, with the temporary folder's path cut off. */
function summary(items: ManifestItem[]): string[] {
  const cut = (text: string): string => text.split(`${root}/`).join("");
  return items.map((i) =>
    i.type === "document" ? `${cut(i.file)} ${String(i.object["kind"])}` : `error: ${cut(i.message)}`,
  );
}

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "manifest-loader-"));
  await files({
    "app/b.yaml": `${object("B1")}---\n${object("B2")}`,
    "app/a.yml": object("A"),
    "app/C.json": JSON.stringify({ apiVersion: "v1", kind: "C" }),
    "app/sub/d.YAML": object("D"),
    "app/sub/README.md": "# not a manifest",
    "app/values.txt": "replicas: 1",
    "app/.git/config.yaml": object("Hidden"),
    "app/.gitlab-ci.yml": "stages: [test]",
    "outside/linked.yaml": object("Linked"),
    "plain.txt": object("Explicit"),
    "empty/notes.md": "nothing",
  });
  await symlink(join(root, "outside/linked.yaml"), join(root, "app/sub/link.yaml"));
  await mkdir(join(root, "loop/inner"), { recursive: true });
  await writeFile(join(root, "loop/inner/x.yaml"), object("X"));
  await symlink(join(root, "loop"), join(root, "loop/inner/back"));
  await symlink(".", join(root, "loop/self"));
  await symlink(join(root, "missing.yaml"), join(root, "loop/broken.yaml"));
});

afterAll(async () => {
  await chmod(join(root, "locked.yaml"), 0o644).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe("loadManifests", () => {
  it("walks folders recursively in sorted order: .yaml, .yml, .json of any case, hidden entries skipped, links followed", async () => {
    expect(summary(await collect([join(root, "app")]))).toEqual([
      "app/C.json C",
      "app/a.yml A",
      "app/b.yaml B1",
      "app/b.yaml B2",
      "app/sub/d.YAML D",
      "app/sub/link.yaml Linked",
    ]);
  });

  it("reads the paths in the order given, files explicitly named whatever their extension, each file once", async () => {
    const items = await collect([
      join(root, "plain.txt"),
      join(root, "app/sub"),
      join(root, "outside/linked.yaml"),
      join(root, "app/sub"),
    ]);
    expect(summary(items)).toEqual(["plain.txt Explicit", "app/sub/d.YAML D", "app/sub/link.yaml Linked"]);
  });

  it("keeps the caller's spelling of a path", async () => {
    const items = await collect([`${root}/app/sub/`]);
    expect(items.map((i) => i.file)).toEqual([`${root}/app/sub/d.YAML`, `${root}/app/sub/link.yaml`]);
  });

  it("reports a link loop once and ends; reports a broken link", async () => {
    expect(summary(await collect([join(root, "loop")]))).toEqual([
      "error: loop/broken.yaml: does not exist (ENOENT)",
      "error: loop/inner/back: is a link to loop, a folder that contains it: not followed, to avoid an endless loop",
      "loop/inner/x.yaml X",
      "error: loop/self: is a link to loop, a folder that contains it: not followed, to avoid an endless loop",
    ]);
  });

  it("reports paths that do not exist and folders without manifests, and goes on", async () => {
    const items = await collect([join(root, "nope.yaml"), join(root, "empty"), join(root, "app/a.yml")]);
    expect(summary(items)).toEqual([
      "error: nope.yaml: does not exist (ENOENT)",
      "error: empty: is a folder with no .yaml, .yml or .json files",
      "app/a.yml A",
    ]);
    expect(items[0]).toEqual({
      type: "error",
      file: join(root, "nope.yaml"),
      message: `${join(root, "nope.yaml")}: does not exist (ENOENT)`,
    });
  });

  it.skipIf(process.getuid?.() === 0)("reports a file it may not read, and goes on", async () => {
    await writeFile(join(root, "locked.yaml"), object("Locked"), { mode: 0o000 });
    expect(summary(await collect([join(root, "locked.yaml"), join(root, "app/a.yml")]))).toEqual([
      "error: locked.yaml: cannot be read: permission denied (EACCES)",
      "app/a.yml A",
    ]);
  });

  it("reads standard input for -, once", async () => {
    const stdin = Readable.from([Buffer.from("apiVersion: v1\nki"), "nd: FromStdin\n---\nkind: NoVersion\n"]);
    const items = await collect(["-", join(root, "app/a.yml"), "-"], { stdin });
    expect(summary(items)).toEqual([
      "- FromStdin",
      'error: <stdin>#1 (line 4): no "apiVersion" field: every Kubernetes object needs apiVersion and kind',
      "app/a.yml A",
      "error: <stdin>: is given twice: standard input can only be read once",
    ]);
  });

  it("reads one file at a time: a file is read only when the items before it have been taken", async () => {
    await files({ "lazy/1.yaml": object("First"), "lazy/2.yaml": object("Second") });
    const items = loadManifests([join(root, "lazy")]);
    const first = await items.next();
    expect(first.value).toMatchObject({ type: "document", object: { kind: "First" } });
    await unlink(join(root, "lazy/2.yaml"));
    expect(summary([(await items.next()).value as ManifestItem])).toEqual([
      "error: lazy/2.yaml: does not exist (ENOENT)",
    ]);
    expect((await items.next()).done).toBe(true);
  });

  it("skips a 50 MB document without parsing it and reads the document after it", async () => {
    const path = join(root, "huge.yaml");
    // The filler is not valid inside a double-quoted scalar (a bare backslash escape), so a parse
    // of this document would report a YAML syntax error: only the size error shows it was skipped.
    // How long the skip takes is measured in bench/hostile-input.mjs, never asserted here.
    const filler = Buffer.alloc(50 * 1024 * 1024, "x\\q");
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from(`${object("ConfigMap")}data:\n  big: "`),
        filler,
        Buffer.from(`"\n---\n${object("After")}`),
      ]),
    );
    const items = await collect([path]);
    expect(summary(items)).toEqual([
      "error: huge.yaml#0 (line 1): the document is 50 MiB (52428847 bytes), over the limit of 3 MiB (3145728 bytes) " +
        "(maxDocumentBytes; the Kubernetes API server refuses requests over 3 MiB): not parsed",
      "huge.yaml After",
    ]);
    await unlink(path);
  });
});
