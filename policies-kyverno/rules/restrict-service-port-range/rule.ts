import {
  defineRule,
  exampleService,
  exists,
  forEach,
  gt,
  lt,
  msg,
  not,
  or,
  read,
  typed,
  violation,
  OTHER_KINDS,
} from "@tollgate/rule-dsl";
import type { V1Service } from "@kubernetes/client-node";

/** Every `spec.ports[].port` of a Service must lie between 32000 and 33000 inclusive. */
export default defineRule({
  // No object can tell these mutants apart from the rule (see `tollgate test`).
  equivalentMutants: {
    "violations[1].when.args[0].left: default 0 → 1":
      "an absent port is read as below the range: 0 and 1 are both below 32000",
    "violations[1].when.args[1].left: default 0 → 1":
      "an absent port is read as below the range: 0 and 1 are both not above 33000",
  },
  examples: {
    denied: [
      {
        title: "a Service on port 80",
        object: exampleService("web", { ports: [{ port: 80, targetPort: 8080 }] }),
      },
      {
        title: "a NodePort Service with one port in range and one outside",
        object: exampleService("mixed", {
          type: "NodePort",
          ports: [
            { name: "in-range", port: 32111, targetPort: 8080, nodePort: 32333 },
            { name: "https", port: 443, targetPort: 8443, nodePort: 31234 },
          ],
        }),
      },
      {
        title: "a Service without spec.ports",
        object: exampleService("no-ports", {
          type: "ExternalName",
          externalName: "db.example.internal",
          ports: undefined,
        }),
      },
      {
        title: "a port just above the range",
        object: exampleService("above", { ports: [{ port: 33001, targetPort: 8080 }] }),
      },
    ],
    allowed: [
      {
        title: "every port within 32000-33000",
        object: exampleService("in-range", {
          ports: [
            { name: "a", port: 32000, targetPort: 8080 },
            { name: "b", port: 33000, targetPort: 8081 },
          ],
        }),
      },
      {
        title: "a NodePort Service whose port is in range (nodePort and targetPort are not checked)",
        object: exampleService("node-port", {
          type: "NodePort",
          ports: [{ port: 32999, targetPort: 80, nodePort: 30009 }],
        }),
      },
    ],
  },
  meta: {
    id: "restrict-service-port-range",
    anchor: "other/restrict-service-port-range",
    title: "Restrict Service Port Range",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Service",
    description:
      "Services which are allowed to expose any port number may be able to impact other applications running on the Node which require them, or may make specifying security policy externally more challenging. Every spec.ports[].port of a Service must lie in the range 32000 to 33000 (inclusive); targetPort and nodePort are not checked, and a Service without spec.ports is denied, as the upstream pattern requires the field.",
    remediation:
      "Expose the Service on a port between 32000 and 33000 (spec.ports[].port), keeping targetPort as the container's port.",
  },
  match: { kinds: [OTHER_KINDS.Service] },
  violations: ({ object }) => [
    // The upstream pattern requires spec.ports: a Service without it does not match the pattern.
    violation({
      when: not(exists(typed<V1Service>(object).spec.ports)),
      field: typed<V1Service>(object).spec.ports,
      message: msg`the Service has no spec.ports: give it ports between 32000 and 33000`,
    }),
    ...forEach(typed<V1Service>(object).spec.ports, (p) =>
      violation({
        when: or(lt(read(p.port, 0), 32000), gt(read(p.port, 0), 33000)),
        field: p.port,
        message: msg`ports must be between 32000-33000: set this spec.ports[].port to a number from 32000 to 33000`,
      }),
    ),
  ],
});
