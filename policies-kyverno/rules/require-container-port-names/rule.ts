import {
  defineRule,
  exists,
  forEach,
  forEachContainer,
  msg,
  not,
  violation,
  examplePod,
  exampleCronJob,
  exampleDeployment,
  exampleContainer,
} from "@tollgate/rule-dsl";

/** Every `ports[]` entry of a container in `spec.containers` must have a `name`. */
export default defineRule({
  examples: {
    denied: [
      {
        title: "a container port without a name",
        object: examplePod("unnamed-port", {
          containers: [exampleContainer("app", { ports: [{ containerPort: 8080 }] })],
        }),
      },
      {
        title: "a Deployment whose second container has one unnamed port",
        object: exampleDeployment("one-unnamed", {
          containers: [
            exampleContainer("app", { ports: [{ name: "http", containerPort: 8080 }] }),
            exampleContainer("sidecar", {
              ports: [{ containerPort: 9090 }, { name: "https", containerPort: 8443 }],
            }),
          ],
        }),
      },
      {
        title: "a CronJob container with an unnamed port",
        object: exampleCronJob("cron-unnamed", {
          containers: [exampleContainer("job", { ports: [{ containerPort: 8080 }] })],
        }),
      },
    ],
    allowed: [
      {
        title: "every container port is named",
        object: exampleDeployment("named-ports", {
          containers: [
            exampleContainer("app", {
              ports: [
                { name: "http", containerPort: 8080 },
                { name: "metrics", containerPort: 9090 },
              ],
            }),
          ],
        }),
      },
      {
        title: "a container without ports",
        object: examplePod("no-ports", { containers: [exampleContainer("app")] }),
      },
      {
        title: "an init container's unnamed port (only spec.containers is checked)",
        object: examplePod("init-unnamed", {
          initContainers: [exampleContainer("prepare", { ports: [{ containerPort: 8080 }] })],
          containers: [exampleContainer("app")],
        }),
      },
    ],
  },
  meta: {
    id: "require-container-port-names",
    anchor: "other/require-container-port-names",
    title: "Require Container Port Names",
    category: "Other",
    severity: "medium",
    gate: 5,
    subject: "Pod",
    description:
      "Containers may define ports on which they listen. In addition to a port number, a name field may optionally be used. Including a name makes it easier when defining Service resource definitions and others since the name may be referenced allowing the port number to change. Every ports[] entry of every container in spec.containers must set name.",
    remediation: "Give every containerPort a name (ports[].name), and refer to it by name from Services.",
  },
  violations: () =>
    forEachContainer(
      (c) =>
        forEach(c.ports, (p) =>
          violation({
            when: not(exists(p.name)),
            field: p.name,
            message: msg`container ${c.name} has a port without a name: set ports[].name for every containerPort`,
          }),
        ),
      ["containers"],
    ),
});
