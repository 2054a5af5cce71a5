import {
  and,
  at,
  defineRule,
  exists,
  forEachParam,
  ifThen,
  matches,
  msg,
  ne,
  not,
  param,
  read,
  violation,
  POD_CONTROLLER_KINDS,
  OTHER_KINDS,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Objects must carry the required labels, with values matching their regular expressions. */
export default defineRule({
  equivalentMutants: {
    'violations[1].when.args[1].right: "" → "tollgate-mutant"':
      "an empty allowedRegex matches every value, so testing for one changes no verdict",
  },
  examples: {
    denied: [
      {
        title: "no owner label",
        object: examplePod(
          "no-owner",
          { containers: [exampleContainer("app")] },
          { labels: { "app.kubernetes.io/name": "app" } },
        ),
      },
      {
        title: "a label that does not match its regular expression",
        object: examplePod(
          "bad-owner",
          { containers: [exampleContainer("app")] },
          { labels: { "app.kubernetes.io/name": "app", owner: "Team A" } },
        ),
        params: { labels: [{ key: "owner", allowedRegex: "^[a-z][a-z0-9-]*$" }] },
      },
    ],
    allowed: [
      {
        title: "only the label the configuration requires",
        object: examplePod(
          "owner-only",
          { containers: [exampleContainer("app")] },
          { labels: { owner: "team-a" } },
        ),
        params: { labels: [{ key: "owner", allowedRegex: "^[a-z][a-z0-9-]*$" }] },
      },
      {
        title: "both labels present",
        object: exampleDeployment(
          "labelled",
          { containers: [exampleContainer("app")] },
          { labels: { "app.kubernetes.io/name": "app", owner: "team-a" } },
        ),
      },
    ],
  },
  meta: {
    id: "k8srequiredlabels",
    anchor: "general/requiredlabels",
    constraintKind: "K8sRequiredLabels",
    title: "Required Labels",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod, Namespace, Service",
    description:
      "Requires resources to contain specified labels, with values matching provided regular expressions (an empty regular expression accepts any value). The value must contain at least one match of the expression.",
    remediation: "Add the missing labels under metadata.labels.",
  },
  match: { kinds: [...POD_CONTROLLER_KINDS, OTHER_KINDS.Namespace, OTHER_KINDS.Service] },
  params: {
    message: param.string("A message replacing the default one.", ""),
    labels: param.objectList(
      "A list of labels and values the object must specify.",
      {
        key: "The required label.",
        allowedRegex: {
          description: "An RE2 regular expression the label's value must match; empty accepts any value.",
          format: "regex",
        },
      },
      [
        { key: "app.kubernetes.io/name", allowedRegex: "" },
        { key: "owner", allowedRegex: "" },
      ],
    ),
  },
  violations: ({ params, metadata }) =>
    forEachParam(params.labels, (l) => {
      const key = read(l.key, "");
      const regex = read(l.allowedRegex, "");
      const value = read(at(metadata.labels, key), "");
      const custom = (fallback: ReturnType<typeof msg>) =>
        ifThen(ne(params.message, ""), params.message, fallback);
      return [
        violation({
          when: not(exists(at(metadata.labels, key))),
          field: msg`metadata.labels.${key}`,
          message: custom(msg`you must provide labels: ${key}`),
        }),
        violation({
          when: and(exists(at(metadata.labels, key)), ne(regex, ""), not(matches(value, regex))),
          field: msg`metadata.labels.${key}`,
          message: custom(msg`Label <${key}: ${value}> does not satisfy allowed regex: ${regex}`),
        }),
      ];
    }),
});
