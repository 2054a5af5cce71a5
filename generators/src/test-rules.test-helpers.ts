/** Small rules for tests, written like the catalogue's. */
import {
  and,
  any,
  at,
  defineRule,
  eq,
  examplePod,
  exampleContainer,
  exists,
  forEachContainer,
  forEachParam,
  itself,
  msg,
  ne,
  not,
  or,
  param,
  read,
  startsWith,
  violation,
} from "@tollgate/rule-dsl";

/** Metadata and examples every test rule needs. */
export const TEST_RULE_BASE = {
  meta: {
    id: "test",
    title: "Test",
    category: "Other" as const,
    severity: "low" as const,
    gate: 5 as const,
    subject: "Pod",
    description: "d",
    remediation: "r",
  },
  examples: {
    denied: [{ title: "d", object: examplePod("d", { containers: [exampleContainer("app")] }) }],
    allowed: [{ title: "a", object: examplePod("a", { containers: [exampleContainer("app")] }) }],
  },
};

/** As require-run-as-nonroot: the pod or every container sets runAsNonRoot, and no container sets it false. */
export const runAsNonRootRule = defineRule({
  ...TEST_RULE_BASE,
  examples: {
    denied: [{ title: "root", object: examplePod("root", { containers: [exampleContainer("app")] }) }],
    allowed: [
      {
        title: "non-root",
        object: examplePod("non-root", {
          securityContext: { runAsNonRoot: true },
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  violations: ({ pod }) =>
    forEachContainer((c) =>
      violation({
        when: or(
          eq(read(c.securityContext.runAsNonRoot, true), false),
          and(
            ne(read(pod.securityContext.runAsNonRoot, false), true),
            ne(read(c.securityContext.runAsNonRoot, false), true),
          ),
        ),
        field: c.securityContext.runAsNonRoot,
        message: msg`container ${c.name} may run as root`,
      }),
    ),
});

/** As k8sallowedrepos: every image starts with an allowed prefix. */
export const allowedReposRule = defineRule({
  ...TEST_RULE_BASE,
  examples: {
    denied: [
      {
        title: "hub",
        object: examplePod("hub", { containers: [exampleContainer("app", { image: "nginx:1.27" })] }),
      },
    ],
    allowed: [
      { title: "internal", object: examplePod("internal", { containers: [exampleContainer("app")] }) },
    ],
  },
  params: { repos: param.stringList("prefixes", ["registry.aibos.internal/"]) },
  violations: ({ params }) =>
    forEachContainer((c) =>
      violation({
        when: not(any(params.repos, (r) => startsWith(read(c.image, ""), itself(r)))),
        field: c.image,
        message: msg`bad image ${c.image}`,
      }),
    ),
});

/** As k8srequiredlabels without the regular expressions: the object has the `owner` label. */
export const requiredLabelRule = defineRule({
  ...TEST_RULE_BASE,
  examples: {
    denied: [
      { title: "unlabelled", object: examplePod("unlabelled", { containers: [exampleContainer("app")] }) },
    ],
    allowed: [
      {
        title: "labelled",
        object: examplePod(
          "labelled",
          { containers: [exampleContainer("app")] },
          { labels: { owner: "team-a" } },
        ),
      },
    ],
  },
  params: { labels: param.objectList("labels", { key: "k" }, [{ key: "owner" }]) },
  violations: ({ params, metadata }) =>
    forEachParam(params.labels, (l) =>
      violation({
        when: not(exists(at(metadata.labels, read(l.key, "")))),
        field: msg`metadata.labels`,
        message: msg`label`,
      }),
    ),
});
