import {
  defineRule,
  imagePart,
  msg,
  ne,
  or,
  OTHER_KINDS,
  parseImagePart,
  read,
  typed,
  violation,
  type ImagePart,
} from "@tollgate/rule-dsl";
import { requireTool, runCommand } from "@tollgate/toolchain";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { configMapTestMeta, everyEngine } from "./differential.test-helpers.js";

/*
 * Image references are read as container runtimes read them: generated references (registry
 * hosts with ports, IPv6 hosts, localhost, upper case, paths, tags, digests, and malformed ones)
 * go through github.com/distribution/reference (the `image-ref` helper) and through Tollgate's
 * reading, `parseImagePart`, which every engine must reproduce.
 */

const HEX = "0123456789abcdef".repeat(4);
const registry = fc.constantFrom(
  "",
  "localhost",
  "localhost:5000",
  "registry.aibos.internal",
  "Registry.Example:443",
  "openpolicyagent:443",
  "[::1]:5000",
  "[2001:db8::1]",
  "ghcr.io",
  "UPPER",
);
const component = fc.constantFrom("app", "team", "a-b", "a_b", "a.b", "x9", "opa", "Upper");
const tag = fc.constantFrom("", "v1", "latest", "1.2.3", "Latest", "a_b-c.d", "443");
const digest = fc.constantFrom("", `sha256:${HEX}`, `sha256:${HEX.slice(0, 10)}`);
const references: readonly string[] = fc.sample(
  fc
    .tuple(registry, fc.array(component, { minLength: 1, maxLength: 3 }), tag, digest)
    .map(
      ([r, path, t, d]) =>
        `${r === "" ? "" : `${r}/`}${path.join("/")}${t === "" ? "" : `:${t}`}${d === "" ? "" : `@${d}`}`,
    ),
  { numRuns: 600, seed: 4_2026 },
);

const PARTS: readonly ImagePart[] = ["registry", "repository", "tag", "digest"];

/** Denies a ConfigMap whose `data.image` parts differ from the ones in `data` (Tollgate's reading). */
const partsOfImage = defineRule({
  examples: {
    denied: [
      {
        title: "d",
        object: {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "d" },
          data: { image: "a:1", tag: "2" },
        },
      },
    ],
    allowed: [
      {
        title: "a",
        object: {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "a" },
          data: { image: "a:1", repository: "a", tag: "1" },
        },
      },
    ],
  },
  meta: configMapTestMeta("test-image-parts"),
  match: { kinds: [OTHER_KINDS.ConfigMap] },
  violations: ({ object }) => {
    const data = typed<{ data?: Record<ImagePart | "image", string> }>(object).data;
    const image = read(data.image, "");
    return [
      violation({
        when: or(...PARTS.map((p) => ne(imagePart(image, p), read(data[p], "")))),
        field: data.image,
        message: msg`parts differ`,
      }),
    ];
  },
});

interface GoReading {
  readonly valid: boolean;
  readonly registry?: string;
  readonly repository?: string;
  readonly tag: string;
  readonly digest: string;
}

describe("image references, read as container runtimes read them, in every engine", () => {
  let go: GoReading[];
  beforeAll(async () => {
    const r = await runCommand(await requireTool("image-ref"), [], { input: JSON.stringify(references) });
    if (r.code !== 0) throw new Error(`image-ref: ${r.stderr}`);
    go = JSON.parse(r.stdout) as GoReading[];
  });

  it("the samples hold valid and malformed references", () => {
    expect(go).toHaveLength(references.length);
    expect(go.filter((g) => g.valid).length).toBeGreaterThan(references.length / 4);
    expect(go.filter((g) => !g.valid).length).toBeGreaterThan(references.length / 10);
    // Among the valid ones: an implicit registry, a port, an IPv6 host, upper case, a tag, a digest.
    const valid = go.filter((g) => g.valid);
    for (const [i, seen] of [
      (g: GoReading) => g.registry === "docker.io",
      (g: GoReading) => g.registry?.endsWith(":443"),
      (g: GoReading) => g.registry?.startsWith("["),
      (g: GoReading) => g.registry === "UPPER",
      (g: GoReading) => g.tag !== "",
      (g: GoReading) => g.digest !== "",
    ].entries())
      expect(valid.some(seen), `case ${i}`).toBe(true);
  });

  it("reads every valid reference as github.com/distribution/reference does (implicit docker.io and library/)", () => {
    const differ: string[] = [];
    for (const [i, ref] of references.entries()) {
      const g = go[i]!;
      if (!g.valid) continue;
      const ours = Object.fromEntries(PARTS.map((p) => [p, parseImagePart(ref, p)])) as Record<
        ImagePart,
        string
      >;
      const registry = ours.registry === "" ? "docker.io" : ours.registry;
      const repository =
        registry === "docker.io" && !ours.repository.includes("/")
          ? `library/${ours.repository}`
          : ours.repository;
      const mine = { registry, repository, tag: ours.tag, digest: ours.digest };
      const theirs = { registry: g.registry, repository: g.repository, tag: g.tag, digest: g.digest };
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        differ.push(`${ref}: ours ${JSON.stringify(mine)}, distribution/reference ${JSON.stringify(theirs)}`);
    }
    expect(differ).toEqual([]);
  });

  it("every engine reads each reference, valid or not, as parseImagePart does", async () => {
    const engines = await everyEngine(partsOfImage);
    const differ: string[] = [];
    for (const [i, image] of references.entries()) {
      const data = { image, ...Object.fromEntries(PARTS.map((p) => [p, parseImagePart(image, p)])) };
      const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` }, data };
      for (const [name, engine] of engines) {
        const verdict = engine.evaluate(object)[0]!.verdict;
        if (verdict !== "pass") differ.push(`${name}: ${image} read otherwise (${verdict})`);
      }
    }
    expect(differ).toEqual([]);
  });
});
