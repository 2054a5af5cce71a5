import {
  and,
  at,
  defineRule,
  exists,
  forEachParam,
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
  exampleService,
} from "@tollgate/rule-dsl";

/** Objects must carry the required annotations, with values matching their regular expressions. */
export default defineRule({
  equivalentMutants: {
    'violations[1].when.args[1].right: "" → "tollgate-mutant"':
      "an empty allowedRegex matches every value, so testing for one changes no verdict",
  },
  examples: {
    denied: [
      {
        title: "no owner annotation",
        object: examplePod("no-owner", { containers: [exampleContainer("app")] }),
      },
      {
        title: "a Service missing one of two required annotations",
        object: exampleService("no-runbook", {}, { annotations: { "a8r.io/owner": "team-a@aibos.example" } }),
        params: {
          annotations: [
            { key: "a8r.io/owner", allowedRegex: "" },
            { key: "a8r.io/runbook", allowedRegex: "" },
          ],
        },
      },
      {
        title: "an annotation whose value does not match its regular expression",
        object: exampleDeployment(
          "bad-owner",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "Team A" } },
        ),
        params: { annotations: [{ key: "owner", allowedRegex: "^[a-z][a-z0-9-]*$" }] },
      },
    ],
    allowed: [
      {
        title: "the owner annotation present",
        object: examplePod(
          "owned",
          { containers: [exampleContainer("app")] },
          { annotations: { owner: "team-a" } },
        ),
      },
      {
        title: "both annotations present, the regular expression matched",
        object: exampleService(
          "documented",
          {},
          {
            annotations: {
              "a8r.io/owner": "team-a@aibos.example",
              "a8r.io/runbook": "https://wiki.aibos.example/runbooks/app",
            },
          },
        ),
        params: {
          annotations: [
            { key: "a8r.io/owner", allowedRegex: "^[a-z0-9-]+@aibos\\.example$" },
            { key: "a8r.io/runbook", allowedRegex: "" },
          ],
        },
      },
    ],
  },
  meta: {
    id: "k8srequiredannotations",
    anchor: "general/requiredannotations",
    constraintKind: "K8sRequiredAnnotations",
    title: "Required Annotations",
    category: "general",
    severity: "low",
    gate: 4,
    subject: "Pod, Namespace, Service",
    description:
      "Requires resources to carry the annotations listed in `annotations` (under metadata.annotations), each value matching its `allowedRegex` when that is set (an empty or absent expression accepts any value; the value must contain at least one match). One violation per missing annotation. `message` is accepted for compatibility and, as in the template, not used.",
    remediation:
      "Add the missing annotations under metadata.annotations, with values matching the required expressions.",
  },
  match: { kinds: [...POD_CONTROLLER_KINDS, OTHER_KINDS.Namespace, OTHER_KINDS.Service] },
  params: {
    message: param.string("Accepted for compatibility with the template; not used.", ""),
    annotations: param.objectList(
      "A list of annotations and values the object must specify.",
      {
        key: "The required annotation.",
        allowedRegex: {
          description:
            "If set, an RE2 regular expression the annotation's value must match; the value must contain at least one match.",
          format: "regex",
        },
      },
      [{ key: "owner", allowedRegex: "" }],
    ),
  },
  violations: ({ params, metadata }) =>
    forEachParam(params.annotations, (a) => {
      const key = read(a.key, "");
      const regex = read(a.allowedRegex, "");
      const annotation = at(metadata.annotations, key);
      const value = read(annotation, "");
      return [
        violation({
          when: not(exists(annotation)),
          field: msg`metadata.annotations.${key}`,
          message: msg`you must provide annotation(s): ${key}: add it under metadata.annotations`,
        }),
        violation({
          when: and(exists(annotation), ne(regex, ""), not(matches(value, regex))),
          field: msg`metadata.annotations.${key}`,
          message: msg`Annotation <${key}: ${value}> does not satisfy allowed regex: ${regex}: change its value to match`,
        }),
      ];
    }),
});
