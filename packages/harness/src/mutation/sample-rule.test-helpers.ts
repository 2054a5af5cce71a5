import {
  any,
  defineRule,
  forEachContainer,
  ge,
  itself,
  msg,
  not,
  param,
  read,
  startsWith,
  violation,
  type RuleExamples,
} from "@tollgate/rule-dsl";
import { testRuleMeta } from "../test-rules.test-helpers.js";

/** A rule with one of each construct the mutants change. */
export function sampleRule(examples: RuleExamples) {
  return defineRule({
    examples,
    meta: testRuleMeta("test-repos"),
    params: { repos: param.stringList("allowed prefixes", ["good/"]) },
    violations: ({ params }) =>
      forEachContainer(
        (c) =>
          violation({
            when: not(any(params.repos, (r) => startsWith(read(c.image, ""), itself(r)))),
            field: c.image,
            message: msg`bad image`,
          }),
        ["containers", "initContainers"],
      ).concat(
        forEachContainer(
          (c) =>
            violation({
              when: ge(read(c.securityContext.runAsUser, 0), 1000),
              field: c.securityContext.runAsUser,
              message: msg`user too high`,
            }),
          ["containers"],
        ),
      ),
  });
}

/** The sample rule's mutant that no object tells apart. */
export const EQUIVALENT = "violations[1].when.left: default 0 → 1";
