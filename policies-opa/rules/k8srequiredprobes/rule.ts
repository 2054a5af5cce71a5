import {
  at,
  defineRule,
  exists,
  fieldPath,
  forEachContainer,
  forEachParam,
  ifThen,
  itself,
  join,
  msg,
  ne,
  none,
  param,
  read,
  typed,
  violation,
  examplePod,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

const tcp = (port: number) => ({ tcpSocket: { port } });

/** Containers must define the required probes, each with one of the allowed probe types. Updates are not reviewed. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "no probes at all",
        object: examplePod("no-probes", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an empty readinessProbe in a Deployment",
        object: exampleDeployment("empty-readiness", {
          containers: [exampleContainer("app", { readinessProbe: {}, livenessProbe: tcp(8080) })],
        }),
      },
      {
        title: "a probe whose type is not among probeTypes, with the custom message appended",
        object: examplePod("exec-only", {
          containers: [
            exampleContainer("app", {
              readinessProbe: { exec: { command: ["true"] } },
              livenessProbe: tcp(8080),
            }),
          ],
        }),
        params: {
          probeTypes: ["tcpSocket", "httpGet"],
          customViolationMessage: "See the platform guide on probes.",
        },
      },
    ],
    allowed: [
      {
        title: "both probes with a probe type",
        object: examplePod("probes", {
          containers: [
            exampleContainer("app", {
              readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
              livenessProbe: tcp(8080),
            }),
          ],
        }),
      },
      {
        title: "init containers need no probes",
        object: examplePod("init-no-probes", {
          containers: [exampleContainer("app", { readinessProbe: tcp(8080), livenessProbe: tcp(8080) })],
          initContainers: [exampleContainer("init")],
        }),
      },
      {
        title: "only the listed probes are required",
        object: examplePod("liveness-only", {
          containers: [exampleContainer("app", { livenessProbe: tcp(8080) })],
        }),
        params: { probes: ["livenessProbe"] },
      },
    ],
  },
  meta: {
    id: "k8srequiredprobes",
    anchor: "general/requiredprobes",
    constraintKind: "K8sRequiredProbes",
    title: "Required Probes",
    category: "general",
    severity: "medium",
    gate: 4,
    subject: "Pod",
    description:
      "Requires every container in `containers` (not init or ephemeral containers) to define each probe listed in `probes` (such as `readinessProbe`, `livenessProbe`), and each such probe to set at least one of the fields listed in `probeTypes` (such as `tcpSocket`, `httpGet`, `exec`): an absent or empty probe, or one of another type, is a violation. `customViolationMessage` is appended to each message. Updates are not reviewed, since probe fields are immutable. `onlyServices` is accepted for compatibility but cannot be honoured without Service inventory data: every matched object is checked, as if it were selected by a Service.",
    remediation: "Add the required probes to every container, each using one of the allowed probe types.",
  },
  match: { operations: ["CREATE"] },
  params: {
    onlyServices: param.boolean(
      "Only apply to pods that are selected by a Service. Accepted for compatibility; every matched object is checked.",
      false,
    ),
    probes: param.stringList("The probes every container must define (such as `readinessProbe`).", [
      "readinessProbe",
      "livenessProbe",
    ]),
    probeTypes: param.stringList(
      "A probe satisfies the rule when it sets one of these fields (such as `tcpSocket`).",
      ["tcpSocket", "httpGet", "exec", "grpc"],
    ),
    customViolationMessage: param.string("Text appended to each violation message.", ""),
  },
  violations: ({ object, metadata, params }) =>
    forEachContainer(
      (c) =>
        forEachParam(params.probes, (p) => {
          const probe = itself(p);
          const probeRef = at(typed<Record<string, Record<string, unknown>>>(c), probe);
          const base = msg`Container <${c.name}> in your <${read(object.kind, "")}> <${metadata.name}> has no <${probe}>: define it with one of ${join(params.probeTypes, ", ")}`;
          return violation({
            when: none(params.probeTypes, (t) => exists(at(probeRef, itself(t)))),
            field: msg`${fieldPath(c)}.${probe}`,
            message: ifThen(
              ne(params.customViolationMessage, ""),
              msg`${base}. ${params.customViolationMessage}`,
              base,
            ),
          });
        }),
      ["containers"],
    ),
});
