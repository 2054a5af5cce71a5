import {
  and,
  any,
  at,
  defineRule,
  endsWith,
  eq,
  exactlyOne,
  exists,
  forEachContainer,
  forEachParam,
  isIn,
  itself,
  matches,
  msg,
  ne,
  not,
  param,
  quantity,
  read,
  violation,
} from "@tollgate/rule-dsl";
import { describe, expect, it } from "vitest";
import { biasFromRule, type BiasTarget } from "./bias.js";
import { getAt } from "./json-paths.js";
import { allowedReposRule, runAsNonRootRule, TEST_RULE_BASE } from "./test-rules.test-helpers.js";
import { nearMissNumbers, nearMissPrefixes, nearMissQuantities, nearMissStrings } from "./near-misses.js";

const find = (targets: readonly BiasTarget[], scope: string, path: string) =>
  targets.find((t) => t.scope === scope && t.path.join(".") === path);

describe("biasFromRule", () => {
  it("collects container and pod fields with the literals they are compared with", () => {
    const bias = biasFromRule(runAsNonRootRule);
    expect(bias.booleans).toEqual(expect.arrayContaining([true, false]));
    expect(bias.fields).toEqual(expect.arrayContaining(["securityContext", "runAsNonRoot"]));
    expect(find(bias.targets, "container", "securityContext.runAsNonRoot")?.hints).toEqual([
      { relation: "equal", value: false },
      { relation: "equal", value: true },
    ]);
    expect(find(bias.targets, "container", "securityContext.runAsNonRoot")?.types).toEqual(["boolean"]);
    expect(find(bias.targets, "podSpec", "securityContext.runAsNonRoot")?.hints).toEqual([
      { relation: "equal", value: true },
    ]);
    expect(bias.seeds.map((s) => getAt(s, ["metadata", "name"]))).toEqual(["non-root", "root"]);
  });

  it("collects numbers with their comparisons", () => {
    const rule = defineRule({
      ...TEST_RULE_BASE,
      violations: () =>
        forEachContainer((c) =>
          violation({
            when: ne(read(c.securityContext.runAsUser, 0), 1000),
            field: c.securityContext.runAsUser,
            message: msg`uid`,
          }),
        ),
    });
    const bias = biasFromRule(rule);
    expect(bias.numbers).toEqual(expect.arrayContaining([0, 1000]));
    expect(find(bias.targets, "container", "securityContext.runAsUser")).toEqual({
      scope: "container",
      path: ["securityContext", "runAsUser"],
      hints: [{ relation: "equal", value: 1000 }],
      types: ["number"],
    });
  });

  it("follows quantifiers over list parameters to prefixes of the image", () => {
    const bias = biasFromRule(allowedReposRule);
    expect(bias.strings).toContain("registry.aibos.internal/");
    expect(find(bias.targets, "container", "image")?.hints).toEqual([
      { relation: "prefix", value: "registry.aibos.internal/" },
    ]);
  });

  it("resolves concatenations, object-list parameters as label keys (with near-miss keys) and regular expressions", () => {
    const rule = defineRule({
      ...TEST_RULE_BASE,
      params: {
        tags: param.stringList("tags", ["latest"]),
        labels: param.objectList("labels", { key: "k", allowedRegex: "r" }, [
          { key: "owner", allowedRegex: "^[a-z]+$" },
        ]),
      },
      violations: ({ params, metadata }) => [
        ...forEachContainer((c) =>
          violation({
            when: any(params.tags, (t) => endsWith(read(c.image, ""), msg`:${itself(t)}`)),
            field: c.image,
            message: msg`tag`,
          }),
        ),
        ...forEachParam(params.labels, (l) =>
          violation({
            when: and(
              exists(at(metadata.labels, read(l.key, ""))),
              not(matches(read(at(metadata.labels, read(l.key, "")), ""), read(l.allowedRegex, ""))),
            ),
            field: msg`metadata.labels`,
            message: msg`label`,
          }),
        ),
      ],
    });
    const bias = biasFromRule(rule);
    expect(find(bias.targets, "container", "image")?.hints).toEqual([
      { relation: "suffix", value: ":latest" },
    ]);
    expect(find(bias.targets, "object", "metadata.labels.owner")?.hints).toEqual([
      { relation: "pattern", value: "^[a-z]+$" },
    ]);
    expect(find(bias.targets, "object", "metadata.labels.Owner")).toBeDefined();
    expect(bias.fields).toContain("owner");
  });

  it("binds elements of read lists, and takes membership, quantities and exactly-one quantifiers", () => {
    const rule = defineRule({
      ...TEST_RULE_BASE,
      params: { max: param.string("max", "1Gi") },
      violations: ({ params }) =>
        forEachContainer((c) => [
          violation({
            when: not(exactlyOne(c.securityContext.capabilities.drop, (d) => eq(itself(d), "ALL"))),
            field: c.securityContext.capabilities.drop,
            message: msg`drop`,
          }),
          violation({
            when: isIn(read(c.imagePullPolicy, ""), ["Always"]),
            field: c.imagePullPolicy,
            message: msg`pull`,
          }),
          violation({
            when: quantity.gt(read(at(c.resources.requests, "memory"), ""), params.max),
            field: c.resources,
            message: msg`memory`,
          }),
        ]),
    });
    const bias = biasFromRule(rule);
    expect(find(bias.targets, "container", "securityContext.capabilities.drop.[]")?.hints).toEqual([
      { relation: "equal", value: "ALL" },
    ]);
    expect(find(bias.targets, "container", "imagePullPolicy")?.hints).toEqual([
      { relation: "equal", value: "Always" },
    ]);
    expect(find(bias.targets, "container", "resources.requests.memory")?.hints).toEqual([
      { relation: "quantity", value: "1Gi" },
    ]);
  });
});

describe("near misses", () => {
  it("sit just across the boundary", () => {
    expect(nearMissStrings("latest")).toEqual(expect.arrayContaining(["Latest", "latest2", ""]));
    expect(nearMissStrings("latest")).not.toContain("latest");
    expect(nearMissPrefixes("registry.aibos.internal/")).toEqual(
      expect.arrayContaining([
        "registry.aibos.internal.evil.io/",
        "registry.aibos.internal",
        "REGISTRY.AIBOS.INTERNAL/",
      ]),
    );
    expect(nearMissNumbers(1000)).toEqual([999, 1001, 0, -1]);
    expect(nearMissStrings("NET_RAW")).toContain("net_raw");
    expect(nearMissQuantities("1Gi")).toEqual(
      expect.arrayContaining(["1024Mi", "1025Mi", "1023Mi", "2Gi", "0Gi"]),
    );
    expect(nearMissQuantities("2")).toEqual(expect.arrayContaining(["2000m", "2001m", "1999m"]));
  });
});
