import {
  defineRule,
  eq,
  forEachContainer,
  imagePart,
  msg,
  or,
  read,
  violation,
  param,
  isIn,
  ne,
  and,
} from "@tollgate/rule-dsl";
import { beforeAll, describe, expect, it } from "vitest";
import { createCelEngine } from "./cel-engine.js";
import type { Engine } from "./engine.js";
import { createOracleEngine } from "./oracle-engine.js";
import { createRegoEngine } from "./rego-engine.js";

/** Placeholder examples: these test rules are checked by the assertions below, not by their examples. */
const TEST_EXAMPLES = {
  denied: [{ title: "d", object: { kind: "Pod" } }],
  allowed: [{ title: "a", object: { kind: "Pod" } }],
};

const tags = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "test-tags",
    title: "Tags",
    category: "Other" as const,
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  params: { tags: param.stringList("disallowed tags", ["latest"]) },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: or(
          isIn(imagePart(read(c.image, ""), "tag"), params.tags),
          and(eq(imagePart(read(c.image, ""), "tag"), ""), eq(imagePart(read(c.image, ""), "digest"), "")),
        ),
        field: c.image,
        message: msg`container ${c.name} image ${c.image} has tag [${imagePart(read(c.image, ""), "tag")}] from registry [${imagePart(read(c.image, ""), "registry")}] repo [${imagePart(read(c.image, ""), "repository")}]`,
      }),
    ),
});
const registry = defineRule({
  examples: TEST_EXAMPLES,
  meta: {
    id: "test-registry",
    title: "Registry",
    category: "Other" as const,
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  violations: () =>
    forEachContainer((c) =>
      violation({
        when: ne(imagePart(read(c.image, ""), "registry"), "registry.aibos.internal"),
        field: c.image,
        message: msg`bad registry`,
      }),
    ),
});

const IMAGES = [
  "nginx",
  "nginx:latest",
  "nginx:1.27",
  "registry.aibos.internal/app:latest",
  "registry.aibos.internal.evil.io/app:1",
  "localhost:5000/app",
  "localhost:5000/app:latest",
  "library/app@sha256:abcd",
  "r.io:443/a/b:t@sha256:d",
  "",
];
const pod = (image: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { initContainers: [{ name: "init", image }] },
});

describe("the three in-process engines agree", () => {
  let engines: Engine[];
  beforeAll(async () => {
    const input = { rules: [tags, registry] };
    engines = [createOracleEngine(input), await createRegoEngine(input), createCelEngine(input)];
  }, 300_000);

  for (const image of IMAGES) {
    it(`on image "${image}"`, () => {
      const [oracle, rego, cel] = engines.map((e) => e.evaluate(pod(image)));
      expect(rego!.map((r) => r.verdict)).toEqual(oracle!.map((r) => r.verdict));
      expect(cel!.map((r) => r.verdict)).toEqual(oracle!.map((r) => r.verdict));
      // Rego builds messages with concat only, so they match the oracle's to the byte (no sprintf drift in wasm).
      expect(rego!.map((r) => r.messages)).toEqual(oracle!.map((r) => r.messages));
    });
  }

  it("skips kinds the rules do not match, in every engine", () => {
    for (const e of engines)
      expect(
        e.evaluate({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }).map((r) => r.verdict),
      ).toEqual(["skip", "skip"]);
  });
});
