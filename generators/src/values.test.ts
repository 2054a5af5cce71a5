import fc from "fast-check";
import { parseImagePart, parseQuantity } from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { IMAGE_REFERENCE_PATTERN, imageReferenceArbitrary, registryArbitrary } from "./images.js";
import {
  DNS1035_LABEL_PATTERN,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  PORT_NAME_PATTERN,
  dns1035LabelArbitrary,
  dns1123LabelArbitrary,
  dns1123SubdomainArbitrary,
  labelKeyArbitrary,
  labelValueArbitrary,
  portNameArbitrary,
} from "./names.js";
import { portNumberArbitrary } from "./ports.js";
import { KUBERNETES_QUANTITY_PATTERN, quantityArbitrary, quantityValueArbitrary } from "./quantities.js";

const sample = <T>(arb: fc.Arbitrary<T>, numRuns = 300) => fc.sample(arb, { numRuns, seed: 11 });

describe("names", () => {
  it("are valid DNS-1123 labels and subdomains, DNS-1035 labels and port names", () => {
    for (const s of sample(dns1123LabelArbitrary())) expect(s).toMatch(DNS1123_LABEL_PATTERN);
    for (const s of sample(dns1123SubdomainArbitrary())) expect(s).toMatch(DNS1123_SUBDOMAIN_PATTERN);
    for (const s of sample(dns1035LabelArbitrary())) expect(s).toMatch(DNS1035_LABEL_PATTERN);
    for (const s of sample(portNameArbitrary())) expect(s).toMatch(PORT_NAME_PATTERN);
    expect(sample(dns1123LabelArbitrary()).some((s) => s.length === 63)).toBe(true);
  });

  it("are valid label keys and values, prefixed or not, empty values included", () => {
    const keys = sample(labelKeyArbitrary());
    for (const k of keys) expect(k).toMatch(LABEL_KEY_PATTERN);
    expect(keys.some((k) => k.includes("/"))).toBe(true);
    const values = sample(labelValueArbitrary());
    for (const v of values) expect(v).toMatch(LABEL_VALUE_PATTERN);
    expect(values).toContain("");
  });

  it("reject what the API rejects", () => {
    for (const bad of ["-a", "a-", "A", "a_b", "a".repeat(64)])
      expect(bad).not.toMatch(DNS1123_LABEL_PATTERN);
    for (const bad of ["Example.com/x", "a/b/c", "-x", `${"a".repeat(64)}`])
      expect(bad).not.toMatch(LABEL_KEY_PATTERN);
  });
});

describe("quantities", () => {
  it("match the quantity grammar, parse as the engines parse them, and are never negative", () => {
    for (const resource of ["cpu", "memory", "ephemeral-storage"] as const) {
      for (const q of sample(quantityArbitrary(resource))) {
        expect(q).toMatch(KUBERNETES_QUANTITY_PATTERN);
        expect(parseQuantity(q)).toBeGreaterThanOrEqual(0);
      }
    }
    const texts = new Set(sample(quantityArbitrary("cpu"), 500));
    expect([...texts].some((q) => q.endsWith("m"))).toBe(true);
    expect([...texts].some((q) => q.includes("."))).toBe(true);
    const memory = sample(quantityArbitrary("memory"), 500);
    for (const suffix of ["Mi", "Gi", "M", "e"]) expect(memory.some((q) => q.includes(suffix))).toBe(true);
  });

  it("carry their value in base units", () => {
    for (const q of sample(quantityValueArbitrary("memory")))
      expect((parseQuantity(q.text) ?? NaN) / 1e9).toBeCloseTo(q.amount, 0);
    for (const q of sample(quantityValueArbitrary("cpu")))
      expect((parseQuantity(q.text) ?? NaN) / 1e9).toBeCloseTo(q.amount, 6);
  });
});

describe("images", () => {
  it("match the reference grammar and split as the oracle splits them", () => {
    const images = sample(imageReferenceArbitrary(), 1000);
    for (const image of images) {
      expect(image).toMatch(IMAGE_REFERENCE_PATTERN);
      const registry = parseImagePart(image, "registry");
      const repository = parseImagePart(image, "repository");
      const tag = parseImagePart(image, "tag");
      const digest = parseImagePart(image, "digest");
      const rebuilt = `${registry ? `${registry}/` : ""}${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
      expect(rebuilt).toBe(image);
      if (digest) expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    const has = (p: (i: string) => boolean) => images.some(p);
    expect(has((i) => parseImagePart(i, "registry") === "")).toBe(true);
    expect(has((i) => /^[^/]+:\d+\//.test(i))).toBe(true);
    expect(has((i) => i.startsWith("localhost"))).toBe(true);
    expect(has((i) => parseImagePart(i, "repository").split("/").length >= 3)).toBe(true);
    expect(has((i) => parseImagePart(i, "tag") !== "" && parseImagePart(i, "digest") !== "")).toBe(true);
    expect(has((i) => parseImagePart(i, "tag") === "" && parseImagePart(i, "digest") !== "")).toBe(true);
    expect(has((i) => parseImagePart(i, "tag") === "" && parseImagePart(i, "digest") === "")).toBe(true);
  });

  it("have registries the oracle recognises as registries", () => {
    for (const r of sample(registryArbitrary())) expect(parseImagePart(`${r}/app:1`, "registry")).toBe(r);
  });
});

describe("ports", () => {
  it("are in 1–65535 and reach both ends", () => {
    const ports = sample(portNumberArbitrary(), 1000);
    for (const p of ports) expect(p >= 1 && p <= 65535 && Number.isInteger(p)).toBe(true);
    expect(ports).toContain(1);
    expect(ports).toContain(65535);
  });
});
