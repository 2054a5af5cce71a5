import { describe, expect, it } from "vitest";
import { parseImagePart } from "./image-reference.js";

describe("parseImagePart", () => {
  const cases: [string, Record<string, string>][] = [
    ["nginx", { registry: "", repository: "nginx", tag: "", digest: "" }],
    ["nginx:latest", { registry: "", repository: "nginx", tag: "latest", digest: "" }],
    [
      "registry.aibos.internal/team/app:1.2",
      { registry: "registry.aibos.internal", repository: "team/app", tag: "1.2", digest: "" },
    ],
    ["localhost:5000/app", { registry: "localhost:5000", repository: "app", tag: "", digest: "" }],
    ["localhost/app:v1", { registry: "localhost", repository: "app", tag: "v1", digest: "" }],
    ["library/app@sha256:abc", { registry: "", repository: "library/app", tag: "", digest: "sha256:abc" }],
    ["r.io:443/a/b:t@sha256:d", { registry: "r.io:443", repository: "a/b", tag: "t", digest: "sha256:d" }],
  ];
  for (const [image, parts] of cases) {
    it(`splits ${image}`, () => {
      for (const [part, want] of Object.entries(parts)) {
        expect(parseImagePart(image, part as "tag"), part).toBe(want);
      }
    });
  }
});
